namespace MoeBench.Serving.Engine;

/// <summary>What bounds one step: vLLM's max_num_batched_tokens, max_num_seqs and enable_chunked_prefill.</summary>
public sealed record SchedulerLimits(int MaxBatchTokens, int MaxRunningRequests, bool ChunkedPrefill);

using MoeBench.Core.Quant;
using MoeBench.Devices;

namespace MoeBench.Serving;

// The seam between the load side (arrival schedules, traces, metrics, the scenario evaluator) and the engine side
// (the decoder, continuous batching, the KV-cache block manager). Both sides speak only these records, so either can
// be tested against a fake of the other and the metrics never depend on how the engine schedules.

/// <summary>One request as the load generator offers it; times in seconds from the start of the run.</summary>
/// <param name="PrefixBlockIds">
/// Ids of the prompt's leading blocks of <paramref name="PrefixBlockTokens"/> tokens each (a trace's <c>hash_ids</c>,
/// scaled); two requests that share an id share that block's tokens, so its KV cache can be reused. Empty: no sharing.
/// </param>
/// <param name="Warmup">Served like any other request but excluded from the metrics (LoadGen's warm-up).</param>
public sealed record ServingRequest(
    int Id,
    double ArrivalSeconds,
    int PromptTokens,
    int OutputTokens,
    IReadOnlyList<long> PrefixBlockIds,
    int PrefixBlockTokens,
    bool Warmup);

/// <summary>What happened to one request; times in seconds from the start of the run (the same clock as arrivals).</summary>
/// <param name="TokenSeconds">When each output token was produced, the first token included (so its length is the
/// number of tokens produced, <see cref="ServingRequest.OutputTokens"/> when the request finished).</param>
/// <param name="FinishSeconds">When the last token was produced; null when the run ended before the request did.</param>
public sealed record RequestRecord(
    int Id,
    double ArrivalSeconds,
    int PromptTokens,
    int OutputTokens,
    double? FirstTokenSeconds,
    IReadOnlyList<double> TokenSeconds,
    double? FinishSeconds,
    int Preemptions,
    int PrefixTokensReused,
    bool Warmup);

/// <summary>One engine step (one forward over the batch the scheduler formed): the batch-composition timeline.</summary>
public sealed record StepRecord(
    int Index,
    double StartSeconds,
    double EndSeconds,
    int PrefillTokens,
    int DecodeTokens,
    int RunningRequests,
    int WaitingRequests,
    int KvBlocksUsed);

/// <summary>Everything a serving run produced, for the metrics and the store.</summary>
public sealed record ServingOutcome(
    IReadOnlyList<RequestRecord> Requests,
    IReadOnlyList<StepRecord> Steps,
    int KvBlocksTotal,
    int KvBlockTokens,
    int Preemptions,
    long PrefixTokensLookedUp,
    long PrefixTokensHit);

/// <summary>The decoder's check against its float64 forward, made before anything is timed.</summary>
public sealed record DecoderValidation(bool Passed, double MaxAbsError, double Tolerance, string? Message);

/// <summary>How the engine is built for one scenario case.</summary>
/// <param name="Model">A zoo model with an optional scale, e.g. <c>olmoe-1b-7b@1/4</c>.</param>
/// <param name="Layers">Decoder layers to run; null: the engine's default (a few), 0 is invalid.</param>
/// <param name="MaxBatchTokens">Token budget per step (prefill and decode tokens together), vLLM's max_num_batched_tokens.</param>
/// <param name="MaxRunningRequests">vLLM's max_num_seqs.</param>
/// <param name="ChunkedPrefill">Split a long prompt over several steps instead of waiting for a budget that holds it.</param>
/// <param name="KvCacheBytes">Memory budget for the paged KV cache; the engine derives its block count from it.</param>
/// <param name="KvBlockTokens">Tokens per KV-cache block (vLLM's default is 16).</param>
/// <param name="Seed">Seeds the random weights and the token ids of prompts.</param>
/// <param name="Experts">The routed experts' weight format (fp32, bf16, int8, int4 with its group size), as a layer case's
/// <c>weight_dtype</c>; shared experts, attention and the LM head stay fp32.</param>
public sealed record ServingEngineOptions(
    string Model,
    int? Layers,
    int MaxBatchTokens,
    int MaxRunningRequests,
    bool ChunkedPrefill,
    long KvCacheBytes,
    int KvBlockTokens,
    int Seed,
    WeightFormat? Experts = null);

/// <summary>The time source a serving run uses: real wall-clock time when measured, a fake in tests.</summary>
public interface IServingClock
{
    /// <summary>Seconds since the run started.</summary>
    double Now { get; }

    /// <summary>Returns at <paramref name="seconds"/> (at once when that has passed), or throws when cancelled.</summary>
    void WaitUntil(double seconds, CancellationToken cancellation);
}

/// <summary>A serving engine on one device: continuous batching over a real decoder.</summary>
public interface IServingEngine : IDisposable
{
    /// <summary>Longest prompt plus output the engine's model context holds.</summary>
    int ContextTokens { get; }

    /// <summary>One decode step of the whole model checked against a float64 forward.</summary>
    DecoderValidation Validate();

    /// <summary>
    /// Serves the requests, each admitted no earlier than its arrival on <paramref name="clock"/>, until all have
    /// finished or <paramref name="cancellation"/> fires (then the unfinished ones come back without a finish time).
    /// </summary>
    ServingOutcome Serve(IReadOnlyList<ServingRequest> requests, IServingClock clock, CancellationToken cancellation);
}

/// <summary>Builds an engine for a device; the CLI wires the real one, tests a fake.</summary>
public delegate IServingEngine ServingEngineFactory(IDevice device, ServingEngineOptions options);

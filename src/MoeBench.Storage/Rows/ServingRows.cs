using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>One <c>serving_requests</c> row as Dapper reads and writes it.</summary>
internal sealed class ServingRequestRow
{
    public long ResultId { get; set; }

    public long RequestId { get; set; }

    public double ArrivalS { get; set; }

    public long PromptTokens { get; set; }

    public long OutputTokens { get; set; }

    public double? FirstTokenS { get; set; }

    public double? FinishS { get; set; }

    public byte[]? TokenTimes { get; set; }

    public long Preemptions { get; set; }

    public long PrefixTokensReused { get; set; }

    public long Warmup { get; set; }

    public static ServingRequestRow From(long resultId, ServedRequest r) => new()
    {
        ResultId = resultId,
        RequestId = r.Id,
        ArrivalS = r.ArrivalSeconds,
        PromptTokens = r.PromptTokens,
        OutputTokens = r.OutputTokens,
        FirstTokenS = r.FirstTokenSeconds,
        FinishS = r.FinishSeconds,
        TokenTimes = r.TokenSeconds.Count > 0 ? SampleBlob.Encode(r.TokenSeconds) : null,
        Preemptions = r.Preemptions,
        PrefixTokensReused = r.PrefixTokensReused,
        Warmup = r.Warmup ? 1 : 0,
    };

    public ServedRequest ToRecord() => new(
        RowValues.ToInt(RequestId, "serving_requests.request_id"),
        ArrivalS,
        RowValues.ToInt(PromptTokens, "serving_requests.prompt_tokens"),
        RowValues.ToInt(OutputTokens, "serving_requests.output_tokens"),
        FirstTokenS,
        SampleBlob.Decode(TokenTimes),
        FinishS,
        RowValues.ToInt(Preemptions, "serving_requests.preemptions"),
        RowValues.ToInt(PrefixTokensReused, "serving_requests.prefix_tokens_reused"),
        Warmup != 0);
}

/// <summary>One <c>serving_steps</c> row as Dapper reads and writes it.</summary>
internal sealed class ServingStepRow
{
    public long ResultId { get; set; }

    public long StepIndex { get; set; }

    public double StartS { get; set; }

    public double EndS { get; set; }

    public long PrefillTokens { get; set; }

    public long DecodeTokens { get; set; }

    public long RunningRequests { get; set; }

    public long WaitingRequests { get; set; }

    public long KvBlocksUsed { get; set; }

    public static ServingStepRow From(long resultId, ServedStep s) => new()
    {
        ResultId = resultId,
        StepIndex = s.Index,
        StartS = s.StartSeconds,
        EndS = s.EndSeconds,
        PrefillTokens = s.PrefillTokens,
        DecodeTokens = s.DecodeTokens,
        RunningRequests = s.RunningRequests,
        WaitingRequests = s.WaitingRequests,
        KvBlocksUsed = s.KvBlocksUsed,
    };

    public ServedStep ToRecord() => new(
        RowValues.ToInt(StepIndex, "serving_steps.step_index"),
        StartS,
        EndS,
        RowValues.ToInt(PrefillTokens, "serving_steps.prefill_tokens"),
        RowValues.ToInt(DecodeTokens, "serving_steps.decode_tokens"),
        RowValues.ToInt(RunningRequests, "serving_steps.running_requests"),
        RowValues.ToInt(WaitingRequests, "serving_steps.waiting_requests"),
        RowValues.ToInt(KvBlocksUsed, "serving_steps.kv_blocks_used"));
}

namespace MoeBench.Core.Results;

/// <summary>
/// One served request as stored with its result; times in seconds from the start of the serving run. The store and
/// the report read these, so they live here rather than in the serving project (Storage and Reporting know only Core).
/// </summary>
/// <param name="TokenSeconds">When each output token came out, the first included.</param>
/// <param name="FinishSeconds">Null when the run ended before the request did.</param>
public sealed record ServedRequest(
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

/// <summary>One engine step: the batch it ran (prefill and decode tokens), the queue beside it and the KV blocks in use.</summary>
public sealed record ServedStep(
    int Index,
    double StartSeconds,
    double EndSeconds,
    int PrefillTokens,
    int DecodeTokens,
    int RunningRequests,
    int WaitingRequests,
    int KvBlocksUsed);

/// <summary>Everything a serving run recorded beyond its summary metrics: what each request saw, what each step ran.</summary>
public sealed record ServingTimeline(IReadOnlyList<ServedRequest> Requests, IReadOnlyList<ServedStep> Steps, int KvBlocksTotal);

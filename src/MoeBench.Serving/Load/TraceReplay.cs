namespace MoeBench.Serving.Load;

/// <summary>
/// Turns a recorded trace into requests for a scaled model: arrivals replayed at <see cref="Speed"/>× (2 = twice as
/// fast), lengths multiplied by <see cref="LengthScale"/> and clipped to the engine's context, and requests that share
/// a quantised timestamp spread evenly over their quantum so a burst recorded in one millisecond is not one instant.
/// </summary>
public sealed record TraceReplay(double Speed, double LengthScale)
{
    /// <summary>The first <paramref name="count"/> records (all when fewer) as requests; the first <paramref name="warmup"/> are warm-up.</summary>
    public IReadOnlyList<ServingRequest> Requests(TraceFile trace, int count, int warmup, int contextTokens)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextTokens, 2);
        var records = trace.Records.Take(count).ToList();
        var seconds = SpreadWithinQuanta(records, trace.Quantum);
        var blockTokens = trace.BlockTokens == 0 ? 0 : Math.Max(1, (int)Math.Round(trace.BlockTokens * LengthScale));
        var requests = new ServingRequest[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var (prompt, output) = Clip(Scaled(records[i].PromptTokens), Scaled(records[i].OutputTokens), contextTokens);
            // Only whole blocks inside the clipped prompt can be shared.
            IReadOnlyList<long> blocks = blockTokens == 0 ? [] : [.. records[i].HashIds.Take(prompt / blockTokens)];
            requests[i] = new ServingRequest(i, seconds[i] / Speed, prompt, output, blocks, blockTokens, i < warmup);
        }

        return requests;
    }

    /// <summary>
    /// How many records, from the first, hold <paramref name="warmup"/> warm-up requests and then at least
    /// <paramref name="minMeasured"/> measured ones whose replayed arrivals span <paramref name="minSeconds"/>: the
    /// measured window starts at the first measured arrival, so the warm-up's share of the trace does not count.
    /// </summary>
    public int CountFor(TraceFile trace, double minSeconds, int warmup, int minMeasured)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var records = trace.Records;
        var n = Math.Min(warmup + minMeasured, records.Count);
        if (warmup >= records.Count)
        {
            return n;
        }

        var start = records[warmup].Seconds;
        while (n < records.Count && (records[n - 1].Seconds - start) / Speed < minSeconds)
        {
            n++;
        }

        return n;
    }

    private int Scaled(int tokens) => Math.Max(1, (int)Math.Round(tokens * LengthScale));

    /// <summary>The prompt keeps up to all but one token of the context; the output gets what is left of it.</summary>
    internal static (int Prompt, int Output) Clip(int prompt, int output, int context)
    {
        var p = Math.Min(prompt, context - 1);
        return (p, Math.Min(output, context - p));
    }

    /// <summary>The i-th of n records on one timestamp t moves to t + i·quantum/n: inside its bucket, in file order.</summary>
    internal static double[] SpreadWithinQuanta(IReadOnlyList<TraceRecord> records, double quantum)
    {
        var seconds = new double[records.Count];
        var start = 0;
        while (start < records.Count)
        {
            var end = start;
            while (end < records.Count && records[end].Seconds == records[start].Seconds)
            {
                end++;
            }

            for (var i = start; i < end; i++)
            {
                seconds[i] = records[i].Seconds + ((i - start) * quantum / (end - start));
            }

            start = end;
        }

        return seconds;
    }
}

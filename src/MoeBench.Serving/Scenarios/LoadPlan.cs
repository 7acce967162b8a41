using MoeBench.Serving.Load;

namespace MoeBench.Serving.Scenarios;

/// <summary>
/// The requests of an offline or server run, drawn from the case's seed before the run starts (LoadGen fixes its
/// schedule up front the same way), so two runs of one case offer the engine the same load.
/// </summary>
public static class LoadPlan
{
    public static IReadOnlyList<ServingRequest> Requests(ScenarioSettings settings, int contextTokens)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Engine.Seed);
        switch (settings.Source)
        {
            case ReplayedTrace trace:
                var file = TraceFiles.Read(trace.Path);
                var count = trace.Replay.CountFor(file, settings.MinDurationSeconds, settings.Warmup, settings.MinQueries);
                return trace.Replay.Requests(file, count, settings.Warmup, contextTokens);
            case DrawnRequests drawn:
                var total = drawn.Arrivals is GammaArrivals
                    ? SpanningCount(drawn.Arrivals, settings)
                    : settings.MinQueries + settings.Warmup;
                var arrivals = drawn.Arrivals.Arrivals(total, random);
                return [.. arrivals.Select((t, i) => Draw(drawn, i, t, i < settings.Warmup, contextTokens, random))];
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Source, "unknown request source");
        }
    }

    /// <summary>
    /// How many arrivals of the seeded schedule hold the warm-up and then at least the minimum measured queries whose
    /// arrivals span the minimum duration (the measured window starts at the first measured arrival). The schedule is
    /// drawn from the same seed the run draws it from, so this count is exact, not an average.
    /// </summary>
    private static int SpanningCount(IArrivalProcess arrivals, ScenarioSettings settings)
    {
        var count = settings.Warmup + settings.MinQueries;
        while (true)
        {
            var schedule = arrivals.Arrivals(count, new Random(settings.Engine.Seed));
            if (schedule[^1] - schedule[settings.Warmup] >= settings.MinDurationSeconds)
            {
                return count;
            }

            count += Math.Max(1, count / 4);
        }
    }

    /// <summary>
    /// One request with drawn lengths. A distribution whose longest prompt plus longest output cannot fit the context
    /// is an error (the case asks for something the model cannot serve); an unbounded one (lognormal) is clipped.
    /// </summary>
    public static ServingRequest Draw(DrawnRequests drawn, int id, double arrival, bool warmup, int contextTokens, Random random)
    {
        ArgumentNullException.ThrowIfNull(drawn);
        if (drawn.Prompt.Max + drawn.Output.Max is { } longest && longest > contextTokens)
        {
            throw new ArgumentException(
                $"prompt_lengths {drawn.Prompt.Text} and output_lengths {drawn.Output.Text} reach {longest} tokens, more than the model's context of {contextTokens}");
        }

        var (prompt, output) = TraceReplay.Clip(drawn.Prompt.Sample(random), drawn.Output.Sample(random), contextTokens);
        return new ServingRequest(id, arrival, prompt, output, [], 0, warmup);
    }
}

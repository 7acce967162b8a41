namespace MoeBench.Serving.Scenarios;

/// <summary>
/// Drives the engine with a scenario's load. Offline and server hand the whole planned schedule to one
/// <see cref="IServingEngine.Serve"/> call, which admits each request no earlier than its arrival. Single-stream
/// (LoadGen: the next query is issued when the previous one completes) is a loop of one-request calls, each request
/// arriving at the clock's time when the call before returned — so the engine never sees two at once, and the loop
/// goes on, drawing lengths from the seeded generator, until both the minimum query count and duration are met.
/// </summary>
public static class LoadRunner
{
    public static ServingOutcome Run(IServingEngine engine, ScenarioSettings settings, IServingClock clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        return settings.Scenario == ServingScenarios.SingleStream
            ? SingleStream(engine, settings, clock, cancellation)
            : engine.Serve(LoadPlan.Requests(settings, engine.ContextTokens), clock, cancellation);
    }

    private static ServingOutcome SingleStream(IServingEngine engine, ScenarioSettings settings, IServingClock clock, CancellationToken cancellation)
    {
        var drawn = (DrawnRequests)settings.Source;
        var random = new Random(settings.Engine.Seed);
        var parts = new List<ServingOutcome>();
        double? measuredStart = null;
        for (var id = 0; !cancellation.IsCancellationRequested; id++)
        {
            var warmup = id < settings.Warmup;
            var measured = id - settings.Warmup;
            if (!warmup && measured >= settings.MinQueries && clock.Now - measuredStart >= settings.MinDurationSeconds)
            {
                break;
            }

            var request = LoadPlan.Draw(drawn, id, clock.Now, warmup, engine.ContextTokens, random);
            measuredStart ??= warmup ? null : request.ArrivalSeconds;
            parts.Add(engine.Serve([request], clock, cancellation));
        }

        return Concatenate(parts);
    }

    /// <summary>One outcome of several consecutive calls: requests in order, steps renumbered, counters summed.</summary>
    internal static ServingOutcome Concatenate(IReadOnlyList<ServingOutcome> parts)
    {
        var steps = parts.SelectMany(p => p.Steps).Select((s, i) => s with { Index = i }).ToList();
        return new ServingOutcome(
            [.. parts.SelectMany(p => p.Requests)],
            steps,
            parts.Count == 0 ? 0 : parts[0].KvBlocksTotal,
            parts.Count == 0 ? 0 : parts[0].KvBlockTokens,
            parts.Sum(p => p.Preemptions),
            parts.Sum(p => p.PrefixTokensLookedUp),
            parts.Sum(p => p.PrefixTokensHit));
    }
}

using MoeBench.Serving.Metrics;
using MoeBench.Serving.Scenarios;

namespace MoeBench.Serving.Tests.Scenarios;

/// <summary>
/// Little's law, L = λW, on a steady-state server run of the fake engine: the time-averaged number of requests in the
/// system (read from the per-request records) equals the offered rate times the mean end-to-end latency, within 10%.
/// It ties the arrival process's rate, the records' times and the E2E definition together.
/// </summary>
public sealed class LittlesLawTests
{
    [Fact]
    public void The_mean_number_in_the_system_is_the_offered_rate_times_the_mean_latency()
    {
        const double Rate = 8;
        var spec = ScenarioCases.Single("  - scenario: server\n    params: {rate: 8, min_duration_s: 200, warmup: 50, output_lengths: 'uniform:4:40', seed: 5}\n");
        var settings = ScenarioSettings.Read(spec);
        var outcome = LoadRunner.Run(new FakeEngine(stepSeconds: 0.02, maxRunning: 16), settings, new FakeClock(), CancellationToken.None);
        var measured = outcome.Requests.Where(r => !r.Warmup).ToList();
        Assert.All(measured, r => Assert.NotNull(r.FinishSeconds));

        // L: the area under "requests arrived but not finished" over the arrival span, divided by that span.
        var (start, end) = (measured.Min(r => r.ArrivalSeconds), measured.Max(r => r.ArrivalSeconds));
        var area = measured.Sum(r => Math.Max(0, Math.Min(r.FinishSeconds!.Value, end) - Math.Max(r.ArrivalSeconds, start)));
        var inSystem = area / (end - start);
        var meanLatency = measured.Average(r => RequestLatencies.Of(r)!.E2e);

        Assert.InRange(inSystem / (Rate * meanLatency), 0.9, 1.1);
        Assert.Null(RunValidity.Violation(settings, ServingMetrics.Compute(outcome, settings.Slo)));
    }
}

using MoeBench.Reporting.Comparison;
using MoeBench.Storage;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class HistoryNoiseTests
{
    private const int Cases = 12;

    [Fact]
    public void Machine_drift_between_runs_is_not_mistaken_for_case_noise()
    {
        // 20 runs, each with a common drift of up to ±8% and per-case jitter of 1%.
        var history = History(runs: 20, jitter: 0.01, drift: 0.08, seed: 1);
        var noise = HistoryNoise.Estimate(history, ComparisonOptions.Default);

        Assert.Equal(Cases, noise.Count);
        Assert.All(noise.Values, n => Assert.InRange(n.Sigma, 0.006, 0.016));
        Assert.All(noise.Values, n => Assert.Equal(20, n.Points));

        // Without the drift correction (too few cases to estimate it) the drift reads as noise.
        var uncorrected = HistoryNoise.Estimate(history, ComparisonOptions.Default with { MinCasesForCommonMode = Cases + 1 });
        Assert.True(uncorrected.Values.Average(n => n.Sigma) > 0.03, "the drift should inflate uncorrected noise");
    }

    [Fact]
    public void A_past_step_in_one_case_does_not_inflate_its_noise()
    {
        var history = History(runs: 20, jitter: 0.01, drift: 0.02, seed: 2, step: (Case: 3, At: 8, Factor: 1.25));
        var noise = HistoryNoise.Estimate(history, ComparisonOptions.Default);
        var stepped = noise[Key(3)];
        Assert.InRange(stepped.Sigma, 0.004, 0.02);
        Assert.Equal(12, stepped.Points); // only the segment after the step
    }

    [Fact]
    public void Too_short_a_history_gives_no_estimate_and_a_constant_one_a_floor()
    {
        var shortHistory = History(runs: 2, jitter: 0.01, drift: 0.02, seed: 3);
        Assert.Empty(HistoryNoise.Estimate(shortHistory, ComparisonOptions.Default));

        var constant = History(runs: 5, jitter: 0, drift: 0, seed: 4);
        Assert.All(HistoryNoise.Estimate(constant, ComparisonOptions.Default).Values, n => Assert.Equal(NoiseEstimate.MinSigma, n.Sigma));
    }

    private static CaseKey Key(int i) => new($"case{i:D2}", "dev");

    private static Dictionary<CaseKey, IReadOnlyList<HistoryEntry>> History(int runs, double jitter, double drift, int seed, (int Case, int At, double Factor)? step = null)
    {
        var random = new Random(seed);
        var drifts = Enumerable.Range(0, runs).Select(_ => drift * ((2 * random.NextDouble()) - 1)).ToArray();
        return Enumerable.Range(0, Cases).ToDictionary(Key, i => (IReadOnlyList<HistoryEntry>)
        [
            .. Enumerable.Range(0, runs).Select(r =>
            {
                var factor = step is { } s && s.Case == i && r >= s.At ? s.Factor : 1;
                var median = 1e5 * (i + 1) * factor * Math.Exp(drifts[r] + (jitter * SyntheticSuite.Gauss(random)));
                return new HistoryEntry(r + 1, "c0ffee", "main", DateTimeOffset.UnixEpoch.AddDays(r), median, []);
            }),
        ]);
    }
}

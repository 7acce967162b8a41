using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Tests.Comparison;

/// <summary>
/// An op's cases judged together (<see cref="OpPooling"/>): the gate's own error rates on the project's CPU runner
/// had injected 5–10% slowdowns of grouped_gemm land as "noisy" in every case, each case's run-to-run noise alone
/// being several percent.
/// </summary>
public sealed class OpPoolingTests
{
    private const int Comparisons = 20;
    private const int HistoryRuns = 20;

    // Per-case run-to-run jitter of the grouped_gemm cases: 1.5%, so one case's bar with history is about
    // 3 x 1.8% x √2 ≈ 7.6% (σ as learned from 20 runs, sampling error included) and a 5% slowdown is noise to any one
    // case alone.
    private const double NoisyJitter = 0.015;

    [Fact]
    public void A_5_percent_slowdown_too_small_for_any_one_noisy_case_is_found_in_its_op_and_nothing_else_is_flagged()
    {
        int caught = 0, sideAlarms = 0;
        for (var i = 0; i < Comparisons; i++)
        {
            var report = Scenario.Compare(SyntheticSuite.Quick(500 + i, gemmJitter: NoisyJitter), new Random(600 + i), HistoryRuns, useHistory: true, slowdown: 1.05);
            var regressed = report.Cases.Where(c => c.CaseName == "grouped_gemm" && c.Verdict == Verdict.Regressed).ToList();
            caught += regressed.Count > 0 ? 1 : 0;
            sideAlarms += report.Cases.Any(c => c.CaseName != "grouped_gemm" && c.Verdict is Verdict.Regressed or Verdict.Improved) ? 1 : 0;
            Assert.All(regressed, c => Assert.Contains("pooled with its op: 18 grouped_gemm cases", c.Reason, StringComparison.Ordinal));
        }

        // Every catch is the op's (each regressed case says so above): alone, no case could reach its bar. The drift
        // the op is judged against comes from eleven other ops, each noisier than it, and its error (~1.8%) is shared
        // by all 18 cases — what keeps the pooled catch rate near two in three here rather than near one.
        Assert.True(caught >= 10, $"the slowed op was caught in only {caught} of {Comparisons} comparisons");
        Assert.True(sideAlarms <= 1, $"{sideAlarms} of {Comparisons} comparisons flagged a case outside grouped_gemm");
    }

    [Fact]
    public void Twenty_A_A_comparisons_of_noisy_ops_raise_a_confirmed_regression_in_at_most_one()
    {
        var alarms = 0;
        for (var i = 0; i < Comparisons; i++)
        {
            var report = Scenario.Compare(SyntheticSuite.Quick(700 + i, gemmJitter: NoisyJitter), new Random(800 + i), HistoryRuns, useHistory: true);
            alarms += report.HasRegression ? 1 : 0;
        }

        Assert.True(alarms <= 1, $"{alarms} of {Comparisons} A/A comparisons alarmed");
    }

    [Fact]
    public void Cases_whose_noise_moves_together_count_as_one_and_independent_ones_as_many()
    {
        var random = new Random(1);
        var shared = Enumerable.Range(0, 20).ToDictionary(r => (long)r, _ => 0.03 * SyntheticSuite.Gauss(random));
        IReadOnlyDictionary<long, double> Independent() => Enumerable.Range(0, 20).ToDictionary(r => (long)r, _ => 0.03 * SyntheticSuite.Gauss(random));

        var noDriftError = new Dictionary<string, double>();

        // Each case 2 scales worse: z = 2.
        var together = OpPooling.Pool([.. Enumerable.Range(0, 4).Select(_ => ("grouped_gemm", 0.06, 0.03, (NoiseEstimate?)new NoiseEstimate(0.03, 20, shared)))], noDriftError);
        var apart = OpPooling.Pool([.. Enumerable.Range(0, 4).Select(_ => ("grouped_gemm", 0.06, 0.03, (NoiseEstimate?)new NoiseEstimate(0.03, 20, Independent())))], noDriftError);
        var driftUnsure = OpPooling.Pool([.. Enumerable.Range(0, 4).Select(_ => ("grouped_gemm", 0.06, 0.03, (NoiseEstimate?)new NoiseEstimate(0.03, 20, Independent())))], new Dictionary<string, double> { ["grouped_gemm"] = 0.03 });

        Assert.Equal(1.0, together["grouped_gemm"].Correlation, 6);
        Assert.Equal(1.0, together["grouped_gemm"].EffectiveCases, 6);
        Assert.Equal(2.0, together["grouped_gemm"].Z, 6);
        Assert.InRange(apart["grouped_gemm"].EffectiveCases, 2.5, 4.0);
        Assert.InRange(apart["grouped_gemm"].Z, 3.2, 4.0);

        // A drift as unsure as one case's noise is shared by all four: the mean can do no better than z ≈ 2/√(1/4 + 1).
        Assert.InRange(driftUnsure["grouped_gemm"].Z, 1.6, 1.9);
    }

    [Fact]
    public void A_single_case_or_a_case_without_history_is_never_pooled()
    {
        var residuals = Enumerable.Range(0, 20).ToDictionary(r => (long)r, r => 0.01 * (r % 3));
        var pooled = OpPooling.Pool(
        [
            ("gemm", 0.08, 0.02, new NoiseEstimate(0.02, 20, residuals)),
            ("swiglu", 0.08, 0.02, new NoiseEstimate(0.02, 20, residuals)),
            ("swiglu", 0.08, double.NaN, null),
        ], new Dictionary<string, double>());

        Assert.Empty(pooled);
    }
}

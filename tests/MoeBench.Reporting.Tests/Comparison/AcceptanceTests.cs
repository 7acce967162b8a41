using System.Globalization;
using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Tests.Comparison;

/// <summary>
/// The gate's hard acceptance criteria on the synthetic quick suite (46 cases, drift up to ±8% between runs,
/// per-case jitter, 10–100 samples of 2–10% MAD). Each comparison is seeded from its index; a failure message names
/// the seed. History: 20 earlier runs of the baseline build, the newest of them the baseline.
/// </summary>
public sealed class AcceptanceTests
{
    private const int Comparisons = 20;
    private const int HistoryRuns = 20;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Twenty_A_A_comparisons_raise_a_confirmed_regression_in_at_most_one(bool withHistory)
    {
        var alarms = new List<string>();
        for (var i = 0; i < Comparisons; i++)
        {
            var report = Scenario.Compare(SyntheticSuite.Quick(100 + i), new Random(200 + i), HistoryRuns, withHistory);
            if (report.HasRegression)
            {
                alarms.Add(Describe(i, report.Cases.Where(c => c.Verdict == Verdict.Regressed)));
            }
        }

        Assert.True(alarms.Count <= 1, $"{alarms.Count} of {Comparisons} A/A comparisons alarmed:\n{string.Join('\n', alarms)}");
    }

    [Fact]
    public void An_A_A_comparison_across_the_largest_drift_is_explained_by_the_common_shift()
    {
        var suite = SyntheticSuite.Quick(7);
        var random = new Random(8);
        var history = Enumerable.Range(0, HistoryRuns - 1).Select(_ => suite.Run(random)).ToList();
        var baseline = suite.Run(random, drift: -0.04);
        var candidate = suite.Run(random, drift: 0.04);

        var report = ComparisonEngine.Compare(
            baseline.Selection("branch:main"), candidate.Selection("latest"), new SyntheticHistory([.. history, baseline]), ComparisonOptions.Default);

        Assert.True(report.CommonShift.Removed);
        Assert.InRange(report.CommonShift.Ratio!.Value, 1.06, 1.11);
        Assert.Equal(0, report.Count(Verdict.Regressed));
        Assert.Equal(0, report.Count(Verdict.Improved));

        // The raw ratios carry the whole drift; only the adjusted ones are judged.
        Assert.True(report.Cases.Count(c => c.Ratio!.Value > 1.03) >= 35, "the drift should show in the raw ratios");
        Assert.True(report.Cases.Count(c => Math.Abs(c.AdjustedRatio!.Value - 1) < 0.05) >= 35, "the adjusted ratios should centre on 1");
    }

    [Fact]
    public void A_10_percent_slowdown_of_grouped_gemm_regresses_those_cases_and_flags_nothing_else()
    {
        var suite = SyntheticSuite.Quick(31);
        var report = Scenario.Compare(suite, new Random(32), HistoryRuns, useHistory: true, slowdown: 1.10);

        AssertOnlyGroupedGemmRegressed(report, expectAllDetected: true);
        Assert.All(report.Cases.Where(c => c.CaseName == "grouped_gemm"), c => Assert.InRange(c.AdjustedRatio!.Value, 1.05, 1.15));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_25_percent_slowdown_of_grouped_gemm_regresses_only_grouped_gemm_cases(bool withHistory)
    {
        var report = Scenario.Compare(SyntheticSuite.Quick(41), new Random(42), HistoryRuns, withHistory, slowdown: 1.25);

        // Without history only the 20% floor bounds run-to-run noise, so a case may come out noisy instead.
        AssertOnlyGroupedGemmRegressed(report, expectAllDetected: withHistory);
        Assert.True(report.Count(Verdict.Regressed) >= 15, $"only {report.Count(Verdict.Regressed)} of 18 grouped_gemm cases regressed");
    }

    [Fact]
    public void Over_twenty_comparisons_a_10_percent_slowdown_is_found_in_nearly_every_case_with_rare_side_alarms()
    {
        int detected = 0, total = 0, sideAlarms = 0;
        var misses = new List<string>();
        for (var i = 0; i < Comparisons; i++)
        {
            var report = Scenario.Compare(SyntheticSuite.Quick(300 + i), new Random(400 + i), HistoryRuns, useHistory: true, slowdown: 1.10);
            var gemm = report.Cases.Where(c => c.CaseName == "grouped_gemm").ToList();
            detected += gemm.Count(c => c.Verdict == Verdict.Regressed);
            total += gemm.Count;
            misses.AddRange(gemm.Where(c => c.Verdict != Verdict.Regressed).Select(c => $"seed {i}: {c.Verdict} {c.Reason}"));
            sideAlarms += report.Cases.Any(c => c.CaseName != "grouped_gemm" && c.Verdict is Verdict.Regressed or Verdict.Improved) ? 1 : 0;
        }

        Assert.True(detected >= 0.95 * total, $"detected {detected} of {total}:\n{string.Join('\n', misses)}");
        Assert.True(sideAlarms <= 3, $"{sideAlarms} of {Comparisons} comparisons flagged a case outside grouped_gemm");
    }

    private static void AssertOnlyGroupedGemmRegressed(ComparisonReport report, bool expectAllDetected)
    {
        var others = report.Cases.Where(c => c.CaseName != "grouped_gemm" && c.Verdict is Verdict.Regressed or Verdict.Improved).ToList();
        Assert.True(others.Count == 0, "flagged outside grouped_gemm:\n" + Describe(0, others));
        var gemm = report.Cases.Where(c => c.CaseName == "grouped_gemm").ToList();
        Assert.Equal(18, gemm.Count);
        if (expectAllDetected)
        {
            var missed = gemm.Where(c => c.Verdict != Verdict.Regressed).ToList();
            Assert.True(missed.Count == 0, "grouped_gemm not regressed:\n" + Describe(0, missed));
        }
    }

    private static string Describe(int seed, IEnumerable<CaseComparison> cases) => string.Join('\n', cases.Select(c =>
        string.Create(CultureInfo.InvariantCulture, $"  seed {seed}: {c.Verdict} {c.CaseLabel}: {c.Reason}")));
}

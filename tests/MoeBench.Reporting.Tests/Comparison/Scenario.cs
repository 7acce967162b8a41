using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Tests.Comparison;

/// <summary>One comparison as CI makes it: a history of runs of the baseline build, the newest of them the baseline,
/// then a candidate run (with or without a slowdown) compared against it.</summary>
internal static class Scenario
{
    public static bool IsGroupedGemm(SyntheticCase c) => c.Spec.Name == "grouped_gemm";

    public static ComparisonReport Compare(
        SyntheticSuite suite,
        Random random,
        int historyRuns,
        bool useHistory,
        double slowdown = 1,
        ComparisonOptions? options = null,
        int baselineRuns = 1)
    {
        var runs = Enumerable.Range(0, Math.Max(historyRuns, baselineRuns)).Select(_ => suite.Run(random)).ToList();
        var candidate = suite.Run(random, slowdown: c => IsGroupedGemm(c) ? slowdown : 1);
        var baseline = SyntheticRun.Pool(baselineRuns == 1 ? "branch:main" : $"last:{baselineRuns}", [.. runs.TakeLast(baselineRuns)]);

        // The candidate is in the history on purpose: the engine must leave it out of its own noise estimate.
        IHistoryProvider history = useHistory ? new SyntheticHistory([.. runs, candidate]) : NoHistory.Instance;
        return ComparisonEngine.Compare(baseline, candidate.Selection("latest"), history, options ?? ComparisonOptions.Default);
    }
}

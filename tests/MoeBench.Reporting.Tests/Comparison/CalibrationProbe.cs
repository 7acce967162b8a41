using MoeBench.Reporting.Comparison;
using Xunit.Abstractions;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class CalibrationProbe(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true, 1.0, 0.10, 10)]
    [InlineData(true, 1.10, 0.10, 10)]
    [InlineData(true, 1.25, 0.10, 10)]
    [InlineData(true, 1.0, 0.10, 20)]
    [InlineData(true, 1.10, 0.10, 20)]
    [InlineData(false, 1.0, 0.10, 0)]
    [InlineData(false, 1.0, 0.15, 0)]
    [InlineData(false, 1.0, 0.20, 0)]
    [InlineData(false, 1.25, 0.15, 0)]
    [InlineData(false, 1.25, 0.20, 0)]
    public void Probe(bool useHistory, double slowdown, double floor, int historyRuns)
    {
        int anyFalse = 0, allDetected = 0, n = 200, detected = 0, total = 0, falseCases = 0, noisy = 0, ggNoisy = 0;
        var options = new ComparisonOptions { NoHistoryFloor = new RelativeThreshold(floor) };
        for (var i = 0; i < n; i++)
        {
            var suite = SyntheticSuite.Quick(1000 + i);
            var report = Scenario.Compare(suite, new Random(5000 + i), Math.Max(1, historyRuns), useHistory, slowdown, options);
            var gg = report.Cases.Where(c => c.CaseName == "grouped_gemm").ToList();
            var others = report.Cases.Where(c => c.CaseName != "grouped_gemm").ToList();
            var fa = slowdown == 1 ? report.Count(Verdict.Regressed) : others.Count(c => c.Verdict is Verdict.Regressed or Verdict.Improved);
            falseCases += fa;
            if (fa > 0) anyFalse++;
            noisy += report.Count(Verdict.Noisy);
            if (slowdown > 1)
            {
                detected += gg.Count(c => c.Verdict == Verdict.Regressed);
                ggNoisy += gg.Count(c => c.Verdict == Verdict.Noisy);
                total += gg.Count;
                if (gg.All(c => c.Verdict == Verdict.Regressed)) allDetected++;
            }
        }

        output.WriteLine($"history={useHistory}({historyRuns}) slowdown={slowdown} floor={floor}: comparisons with a false flag {anyFalse}/{n} ({falseCases} cases), noisy/comparison {noisy / (double)n:F2}, detected {detected}/{total} (noisy {ggNoisy}), all detected {allDetected}/{n}");
    }
}

using MoeBench.Reporting.Comparison;
using Xunit.Abstractions;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class DebugProbe(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        for (var i = 0; i < 60; i++)
        {
            var suite = SyntheticSuite.Quick(1000 + i);
            var report = Scenario.Compare(suite, new Random(5000 + i), 20, true, 1.1);
            var gg = report.Cases.Where(c => c.CaseName == "grouped_gemm").ToList();
            var implied = gg.Select(c => Math.Log(c.Ratio!.Value) - Math.Log(1.1)).Order().ElementAt(9);
            foreach (var c in gg.Where(c => c.Verdict != Verdict.Regressed))
            {
                var sc = suite.Cases.First(s => s.Spec.Id == c.CaseId);
                output.WriteLine($"{i} c={Math.Log(report.CommonShift.Ratio!.Value):F4} impliedByGemm={implied:F4} | {c.Verdict} n={sc.Samples} mad={sc.WithinMad:F3} jit={sc.Jitter:F3} noise={c.Noise:F4}({c.HistoryPoints}) p={c.PValue:G3} :: {c.Reason}");
            }
        }
    }
}

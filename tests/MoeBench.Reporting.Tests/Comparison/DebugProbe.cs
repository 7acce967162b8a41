using MoeBench.Reporting.Comparison;
using Xunit.Abstractions;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class DebugProbe(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        for (var i = 0; i < 200; i++)
        {
            var suite = SyntheticSuite.Quick(1000 + i);
            var report = Scenario.Compare(suite, new Random(5000 + i), 20, true, 1.1);
            if (!report.Cases.Any(c => c.CaseName != "grouped_gemm" && c.Verdict is Verdict.Regressed or Verdict.Improved)) { continue; }
            foreach (var c in report.Cases.Where(c => (c.CaseName == "grouped_gemm") != (c.Verdict == Verdict.Regressed) && (c.CaseName != "grouped_gemm")))
            {
                var sc = suite.Cases.First(s => s.Spec.Id == c.CaseId);
                output.WriteLine($"{i} {report.CommonShift.Note} | {c.Verdict} {c.CaseLabel} n={sc.Samples} mad={sc.WithinMad:F3} jit={sc.Jitter:F3} noise={c.Noise:F4} p={c.PValue:G3} :: {c.Reason}");
            }
        }
    }
}

using MoeBench.Reporting.Comparison;
using Xunit.Abstractions;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class DebugProbe(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        foreach (var i in new[] { 2, 88 })
        {
            var suite = SyntheticSuite.Quick(1000 + i);
            var report = Scenario.Compare(suite, new Random(5000 + i), 20, true, 1.1);
            output.WriteLine($"=== {i} {report.CommonShift.Note}");
            foreach (var c in report.Cases.OrderBy(c => c.CaseName))
            {
                output.WriteLine($"{c.CaseName,-22} raw={Math.Log(c.Ratio!.Value):F4} bar={Math.Log(1 + c.NoiseBar!.Value):F4} {c.Verdict}");
            }
        }
    }
}

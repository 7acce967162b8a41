using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.GateCheck;
using MoeBench.Reporting.Tests.Comparison;

namespace MoeBench.Reporting.Tests.GateCheck;

public sealed class RunSetHistoryTests
{
    [Fact]
    public void It_serves_the_given_runs_points_as_a_store_serves_its_history()
    {
        var suite = SyntheticSuite.Quick(3);
        var random = new Random(4);
        var runs = Enumerable.Range(1, 6).Select(_ => suite.Run(random)).ToList();
        var given = runs.Where(r => r.Id != 4).ToList();
        var history = new RunSetHistory([.. given.AsEnumerable().Reverse().Select(r => r.Selection(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        var expected = new SyntheticHistory(given);
        var time = WellKnownMetrics.TimePerInvocation.Id;

        foreach (var spec in suite.Cases.Take(5).Select(c => c.Spec))
        {
            Assert.Equal(expected.CaseHistory(spec.Id, SyntheticSuite.DeviceKey, time, 20), history.CaseHistory(spec.Id, SyntheticSuite.DeviceKey, time, 20));
            Assert.Equal(expected.CaseHistory(spec.Id, SyntheticSuite.DeviceKey, time, 3), history.CaseHistory(spec.Id, SyntheticSuite.DeviceKey, time, 3));
        }

        Assert.Empty(history.CaseHistory(suite.Cases[0].Spec.Id, "another device", time, 20));
        Assert.IsAssignableFrom<IHistoryProvider>(history);
    }
}

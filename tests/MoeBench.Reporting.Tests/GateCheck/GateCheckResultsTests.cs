using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.GateCheck;
using MoeBench.Reporting.Tests.Charts;

namespace MoeBench.Reporting.Tests.GateCheck;

public sealed class GateCheckResultsTests
{
    [Theory]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 20, 0.0089, 0.2361)]
    [InlineData(19, 20, 0.7639, 0.9911)]
    [InlineData(20, 20, 0.8389, 1.0)]
    public void Wilson_intervals_match_the_published_values(int successes, int trials, double lower, double upper)
    {
        // Values of the Wilson score interval at 95% (Brown, Cai and DasGupta 2001, eq. 4), to four places.
        var interval = WilsonInterval.Of(successes, trials);
        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Fact]
    public void Figures_become_scenario_results_with_self_describing_metrics_and_the_check_in_their_parameters()
    {
        var aa = new AaFigures(GateRegime.History, [false, true, false, false], [0, 2, 0, 0], [1, 0, 0, 3], new Dictionary<string, int>());
        var slowdown = new SlowdownFigures(
            GateRegime.TwoRuns, new Injection("grouped_gemm", 0.05), [true, true, false, true], [true, false, false, true], 40, 25, [0, 1, 0, 0], new Dictionary<string, int>(),
            [0.04, 0.07, 0.05]);

        var results = GateCheckResults.From("quick", [aa], [slowdown], SyntheticResults.Cpu, seed: 7);

        Assert.Equal(2, results.Count);
        var first = results[0];
        Assert.Equal(CaseLevel.Scenario, first.Case.Level);
        Assert.Equal(GateCheckResults.AaCase, first.Case.Name);
        Assert.Equal("{\"level\":\"scenario\",\"name\":\"gate_check_aa\",\"params\":{\"pairs\":4,\"regime\":\"history\",\"suite\":\"quick\"}}", first.Case.CanonicalJson);
        Assert.Equal(GateCheckResults.Evaluator, first.Evaluator);
        Assert.Equal(ResultStatus.Ok, first.Status);
        var falseAlarms = first.Metric("false_alarm_rate")!;
        Assert.Equal(GateCheckMetrics.FalseAlarmRate, falseAlarms.Definition);
        Assert.Equal(0.25, falseAlarms.Value);
        Assert.Equal(WilsonInterval.Of(1, 4), falseAlarms.Interval);
        Assert.Equal([0.0, 1.0, 0.0, 0.0], falseAlarms.Samples);
        Assert.Equal(0.5, first.Metric("regressed_cases_per_pair")!.Value);
        Assert.Equal(1.0, first.Metric("noisy_cases_per_pair")!.Value);

        var second = results[1];
        Assert.Equal(GateCheckResults.SlowdownCase, second.Case.Name);
        Assert.Equal("grouped_gemm", second.Case.Params["op"]);
        Assert.Equal(0.05, second.Case.Params["slowdown"]);
        Assert.Equal("two-runs", second.Case.Params["regime"]);
        Assert.Equal(0.75, second.Metric("catch_rate")!.Value);
        Assert.Equal(0.5, second.Metric("clean_catch_rate")!.Value);
        Assert.Equal(25.0 / 40, second.Metric("case_recall")!.Value);
        Assert.Equal(0.25, second.Metric("unrelated_regressed_per_pair")!.Value);
        Assert.Equal(0.05, second.Metric("measured_slowdown")!.Value, 12);
        Assert.Equal([0.04, 0.07, 0.05], second.Metric("measured_slowdown")!.Samples);
    }
}

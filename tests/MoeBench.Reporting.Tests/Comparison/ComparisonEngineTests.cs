using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Gate;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class ComparisonEngineTests
{
    private static readonly CaseSpec[] Specs =
    [
        .. Enumerable.Range(0, 10).Select(i => new CaseSpec(CaseLevel.Kernel, i < 3 ? "grouped_gemm" : "swiglu", new CaseParams([new("tokens", 16 << i)]))),
    ];

    [Fact]
    public void New_missing_and_failed_cases_get_their_verdict_and_no_compared_numbers()
    {
        var extra = new CaseSpec(CaseLevel.Kernel, "gate", new CaseParams([new("tokens", 7)]));
        var baseline = Run(1, 1.0, seed: 1, exclude: [9]);
        var candidate = Run(2, 1.0, seed: 2, exclude: [8]) with { };
        candidate = candidate with
        {
            Results = [.. candidate.Results.Select(r => r.Case.Id == Specs[0].Id ? SyntheticSuite.Failure(Specs[0]) : r), SyntheticSuite.Result(extra, Samples(3, 1000, 40))],
        };

        var report = ComparisonEngine.Compare(baseline.Selection("1"), candidate.Selection("2"), NoHistory.Instance, ComparisonOptions.Default);

        var byId = report.Cases.ToDictionary(c => c.CaseId);
        Assert.Equal(Verdict.Failed, byId[Specs[0].Id].Verdict);
        Assert.Contains("candidate failed validation", byId[Specs[0].Id].Reason, StringComparison.Ordinal);
        Assert.Null(byId[Specs[0].Id].Ratio);
        Assert.Null(byId[Specs[0].Id].Candidate);
        Assert.NotNull(byId[Specs[0].Id].Baseline);
        Assert.Equal(Verdict.Missing, byId[Specs[8].Id].Verdict);
        Assert.Equal(Verdict.New, byId[Specs[9].Id].Verdict);
        Assert.Equal(Verdict.New, byId[extra.Id].Verdict);
        Assert.Null(byId[extra.Id].QValue);
        Assert.Equal(12 - 1, report.Cases.Count);
        Assert.Equal(7, report.Compared);
        Assert.False(report.HasRegression);
    }

    [Fact]
    public void A_baseline_that_failed_validation_is_failed_too()
    {
        var baseline = Run(1, 1.0, seed: 1);
        baseline = baseline with { Results = [.. baseline.Results.Select(r => r.Case.Id == Specs[4].Id ? SyntheticSuite.Failure(Specs[4]) : r)] };
        var report = ComparisonEngine.Compare(baseline.Selection("1"), Run(2, 1.5, seed: 2).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        var failed = Assert.Single(report.Cases, c => c.Verdict == Verdict.Failed);
        Assert.Equal(Specs[4].Id, failed.CaseId);
        Assert.Contains("baseline failed validation", failed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_metric_carries_the_direction_a_slower_case_regresses_in_time_and_in_throughput(bool throughput)
    {
        var options = ComparisonOptions.Default with { Metric = throughput ? MetricDescriptor.Gflops : MetricDescriptor.Time };
        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 1.0, seed: 2, slow: [5], factor: 1.3).Selection("2"), NoHistory.Instance, options);

        var regressed = Assert.Single(report.Cases, c => c.Verdict == Verdict.Regressed);
        Assert.Equal(Specs[5].Id, regressed.CaseId);
        Assert.InRange(regressed.AdjustedRatio!.Value, throughput ? 1 / 1.36 : 1.24, throughput ? 1 / 1.24 : 1.36);
        Assert.Same(regressed, report.Cases[0]);
        Assert.Equal(throughput ? "gflops" : "time_per_invocation", report.Options.Metric.Id);
    }

    [Fact]
    public void A_higher_is_better_scenario_metric_that_drops_regresses_and_time_does_not_decide_it()
    {
        // Goodput per sample mirrors time here (requests/s = 1e9 / ns), so a 30% slower case is a 23% drop in goodput;
        // its time samples are then made equal on both sides, so only the goodput metric can find it.
        static SyntheticRun WithGoodput(SyntheticRun run, double[] time) => run with
        {
            Results = [.. run.Results.Select(r => r with
            {
                SamplesNs = time,
                OtherMetrics = [new MetricValue(WellKnownMetrics.Goodput, 1e9 / r.Statistics!.MedianNs, null, [.. r.SamplesNs.Select(ns => 1e9 / ns)])],
            })],
        };
        var time = Samples(9, 10_000, 40);
        var options = ComparisonOptions.Default with { Metric = MetricDescriptor.For(WellKnownMetrics.Goodput) };
        var report = ComparisonEngine.Compare(
            WithGoodput(Run(1, 1.0, seed: 1), time).Selection("1"),
            WithGoodput(Run(2, 1.0, seed: 2, slow: [5], factor: 1.3), time).Selection("2"),
            NoHistory.Instance,
            options);

        var regressed = Assert.Single(report.Cases, c => c.Verdict == Verdict.Regressed);
        Assert.Equal(Specs[5].Id, regressed.CaseId);
        Assert.InRange(regressed.AdjustedRatio!.Value, 1 / 1.36, 1 / 1.24);
        Assert.Equal("req/s", report.Options.Metric.Unit);
        Assert.False(ComparisonEngine.Compare(
            WithGoodput(Run(1, 1.0, seed: 1), time).Selection("1"),
            WithGoodput(Run(2, 1.0, seed: 2, slow: [5], factor: 1.3), time).Selection("2"),
            NoHistory.Instance,
            ComparisonOptions.Default).HasRegression);
    }

    [Fact]
    public void A_faster_case_improves_and_never_fails_the_gate()
    {
        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 1.0, seed: 2, slow: [6], factor: 0.7).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        Assert.Equal(Specs[6].Id, Assert.Single(report.Cases, c => c.Verdict == Verdict.Improved).CaseId);
        Assert.False(report.HasRegression);
    }

    [Fact]
    public void A_profiled_case_carries_its_phases_from_each_sides_newest_result_and_an_unprofiled_one_none()
    {
        static LayerProfile Profile(double upNs) => new([new PhaseTime("gate", 50, false), new PhaseTime("experts_up", upNs, true)]);
        static SyntheticRun Profiled(SyntheticRun run, double upNs) =>
            run with { Results = [.. run.Results.Select(r => r.Case.Id == Specs[5].Id ? r with { Profile = Profile(upNs) } : r)] };

        var report = ComparisonEngine.Compare(
            Profiled(Run(1, 1.0, seed: 1), 1000).Selection("1"),
            Profiled(Run(2, 1.0, seed: 2, slow: [5], factor: 1.3), 1300).Selection("2"),
            NoHistory.Instance,
            ComparisonOptions.Default);

        var regressed = Assert.Single(report.Cases, c => c.Verdict == Verdict.Regressed);
        Assert.Equal(Specs[5].Id, regressed.CaseId);
        Assert.Equal("experts_up (GEMM) +30%", regressed.Where);
        Assert.All(report.Cases.Where(c => c.CaseId != Specs[5].Id), c => Assert.Empty(c.Phases));
    }

    [Fact]
    public void Last_N_pools_samples_of_all_runs_and_a_newest_failure_wins()
    {
        var old = Run(1, 1.0, seed: 1);
        var middle = Run(2, 1.0, seed: 2);
        var newest = Run(3, 1.0, seed: 3);
        old = old with { Results = [.. old.Results.Select(r => r.Case.Id == Specs[1].Id ? SyntheticSuite.Failure(Specs[1]) : r)] };
        newest = newest with { Results = [.. newest.Results.Select(r => r.Case.Id == Specs[2].Id ? SyntheticSuite.Failure(Specs[2]) : r)] };
        var baseline = SyntheticRun.Pool("last:3", old, middle, newest);

        var report = ComparisonEngine.Compare(baseline, Run(4, 1.0, seed: 4).Selection("latest"), NoHistory.Instance, ComparisonOptions.Default);

        var byId = report.Cases.ToDictionary(c => c.CaseId);
        Assert.Equal(3, byId[Specs[0].Id].Baseline!.Runs);
        Assert.Equal(120, byId[Specs[0].Id].Baseline!.Samples);
        Assert.Equal(2, byId[Specs[1].Id].Baseline!.Runs); // an old failure, since fixed: its valid runs pool
        Assert.Equal(Verdict.Failed, byId[Specs[2].Id].Verdict); // failing now: never compared
        Assert.Equal([3L, 2L, 1L], report.BaselineRunIds);
        Assert.Equal("last:3", report.BaselineSelector);
    }

    [Fact]
    public void The_candidate_is_left_out_of_the_history_its_noise_is_learned_from()
    {
        var history = Enumerable.Range(1, 6).Select(i => Run(i, 1.0, seed: i, noise: 0.01)).ToList();
        var candidate = Run(7, 1.0, seed: 7, slow: [3], factor: 1.2, noise: 0.01);
        var report = ComparisonEngine.Compare(
            history[^1].Selection("branch:main"), candidate.Selection("latest"), new SyntheticHistory([.. history, candidate]), ComparisonOptions.Default);

        Assert.All(report.Cases, c => Assert.Equal(6, c.HistoryPoints));
        var regressed = Assert.Single(report.Cases, c => c.Verdict == Verdict.Regressed);
        Assert.Equal(Specs[3].Id, regressed.CaseId);
        Assert.NotNull(regressed.Noise);
        Assert.InRange(regressed.Noise!.Value, 0.0001, 0.01);
    }

    [Fact]
    public void A_per_case_pattern_selects_cases_as_the_command_line_filter_does_case_insensitive_and_a_plain_word_anywhere()
    {
        var name = Specs[0].Name;
        var options = ComparisonOptions.Default with { Overrides = [new EffectOverride(name.ToUpperInvariant(), RelativeThreshold.Parse("50%"))] };
        var other = Specs.First(s => !s.Label.Contains(name, StringComparison.OrdinalIgnoreCase));

        Assert.Equal(0.5, options.MinEffectFor(Specs[0]).Fraction);
        Assert.Equal(0.03, options.MinEffectFor(other).Fraction);
    }

    [Fact]
    public void Per_case_minimum_effects_override_the_default_exact_id_before_glob()
    {
        var options = ComparisonOptions.Default with
        {
            Overrides = [new EffectOverride("grouped_gemm *", RelativeThreshold.Parse("50%")), new EffectOverride(Specs[1].Id, RelativeThreshold.Parse("2%"))],
        };
        Assert.Equal(0.5, options.MinEffectFor(Specs[0]).Fraction);
        Assert.Equal(0.02, options.MinEffectFor(Specs[1]).Fraction);
        Assert.Equal(0.03, options.MinEffectFor(Specs[5]).Fraction);

        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 1.0, seed: 2, slow: [0, 5], factor: 1.3).Selection("2"), NoHistory.Instance, options);
        var byId = report.Cases.ToDictionary(c => c.CaseId);
        Assert.NotEqual(Verdict.Regressed, byId[Specs[0].Id].Verdict);
        Assert.Equal(0.5, byId[Specs[0].Id].MinEffect);
        Assert.Equal(Verdict.Regressed, byId[Specs[5].Id].Verdict);
    }

    [Fact]
    public void A_slowdown_of_every_case_beyond_the_drift_limit_is_one_common_mode_finding_not_a_regression_per_case()
    {
        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 1.3, seed: 2).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        Assert.True(report.CommonShift.Removed);
        Assert.True(report.CommonShift.BeyondDrift);
        Assert.InRange(report.CommonShift.Ratio!.Value, 1.25, 1.35);
        Assert.Equal(0, report.Count(Verdict.Regressed));

        var gate = GateResult.From(report);
        Assert.Equal(GateExitCodes.CommonModeSlowdown, gate.ExitCode);
        Assert.StartsWith("common-mode slowdown: +3", gate.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_slower_beyond_a_common_mode_slowdown_still_regresses_and_the_headline_names_both()
    {
        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 1.3, seed: 2, slow: [0], factor: 1.4).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        Assert.True(report.CommonShift.BeyondDrift);
        Assert.Equal(Verdict.Regressed, Assert.Single(report.Cases, c => c.Verdict == Verdict.Regressed).Verdict);

        var gate = GateResult.From(report);
        Assert.Equal(GateExitCodes.Regression, gate.ExitCode);
        Assert.Contains("1 confirmed regression in 10 compared cases; common-mode slowdown +3", gate.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void A_speedup_of_every_case_beyond_the_drift_limit_passes_and_says_so()
    {
        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 0.7, seed: 2).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        var gate = GateResult.From(report);
        Assert.Equal(GateExitCodes.Ok, gate.ExitCode);
        Assert.Contains("common-mode speedup -3", gate.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moderate_shift_of_every_case_is_drift_and_is_removed()
    {
        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 1.08, seed: 2).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        Assert.True(report.CommonShift.Removed);
        Assert.InRange(report.CommonShift.Ratio!.Value, 1.06, 1.10);
        Assert.Equal(10, report.Count(Verdict.Unchanged));
    }

    [Fact]
    public void With_fewer_cases_than_the_minimum_no_common_shift_is_estimated()
    {
        var few = (SyntheticRun run) => run with { Results = [.. run.Results.Take(5)] };
        var report = ComparisonEngine.Compare(
            few(Run(1, 1.0, seed: 1)).Selection("1"), few(Run(2, 1.0, seed: 2)).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        Assert.Null(report.CommonShift.Ratio);
        Assert.False(report.CommonShift.Removed);
        Assert.Equal(5, report.CommonShift.Cases);
    }

    [Fact]
    public void The_same_inputs_give_the_same_report()
    {
        var suite = SyntheticSuite.Quick(9);
        var first = Scenario.Compare(suite, new Random(10), 12, useHistory: true, slowdown: 1.1);
        var second = Scenario.Compare(SyntheticSuite.Quick(9), new Random(10), 12, useHistory: true, slowdown: 1.1);
        Assert.Equal(first.Cases, second.Cases);
        Assert.Equal(first.CommonShift, second.CommonShift);
    }

    [Fact]
    public void Cases_are_ordered_most_severe_first_then_worst_ratio_first()
    {
        var report = ComparisonEngine.Compare(
            Run(1, 1.0, seed: 1).Selection("1"), Run(2, 1.0, seed: 2, slow: [4, 7], factor: 1.4).Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        Assert.Equal([Verdict.Regressed, Verdict.Regressed], report.Cases.Take(2).Select(c => c.Verdict));
        Assert.True(report.Cases.Select(c => c.Verdict.Severity()).SequenceEqual(report.Cases.Select(c => c.Verdict.Severity()).Order()));
    }

    private static double[] Samples(int seed, double baseNs, int count, double noise = 0.02)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => baseNs * Math.Exp(noise * SyntheticSuite.Gauss(random)))];
    }

    /// <summary>One run of the ten cases: case i at (i+1)·10 µs × level, slower by factor for the listed cases.</summary>
    private static SyntheticRun Run(long id, double level, int seed, int[]? slow = null, double factor = 1, int[]? exclude = null, double noise = 0.02)
    {
        var results = Specs
            .Select((spec, i) => (spec, i))
            .Where(p => exclude?.Contains(p.i) != true)
            .Select(p => SyntheticSuite.Result(p.spec, Samples((seed * 100) + p.i, (p.i + 1) * 10_000 * level * (slow?.Contains(p.i) == true ? factor : 1), 40, noise)))
            .ToList<CaseResult>();
        return new SyntheticRun(id, results);
    }
}

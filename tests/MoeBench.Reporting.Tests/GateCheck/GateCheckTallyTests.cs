using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.GateCheck;
using MoeBench.Reporting.Tests.Gate;

namespace MoeBench.Reporting.Tests.GateCheck;

/// <summary>Counting with hand-made verdicts: no run is measured and no comparison computed.</summary>
public sealed class GateCheckTallyTests
{
    private static readonly HashSet<string> KernelOps = ["grouped_gemm", "gate", "swiglu", "rmsnorm"];

    private static readonly Injection FivePercent = new("grouped_gemm", 0.05);

    private static readonly GateCheckPlan Plan = GateCheckPlan.Create(4, ["grouped_gemm"], [0.05]);

    [Fact]
    public void A_A_pairs_count_each_failed_gate_as_a_false_alarm_and_list_what_was_flagged()
    {
        var pairs = Aa(
            Cases(Unchanged("swiglu"), Unchanged("grouped_gemm")),
            Cases(Regressed("swiglu"), Noisy("gate")),
            Cases(Unchanged("swiglu"), Noisy("gate"), Noisy("rmsnorm")),
            Cases(Regressed("swiglu"), Regressed("rmsnorm")));

        var (aa, slowdowns) = GateCheckTally.Count(pairs, KernelOps);

        var figures = Assert.Single(aa);
        Assert.Empty(slowdowns);
        Assert.Equal(4, figures.Pairs);
        Assert.Equal([false, true, false, true], figures.FailedGates);
        Assert.Equal(2, figures.Failed);
        Assert.Equal([0, 1, 0, 2], figures.Regressed);
        Assert.Equal([0, 1, 2, 0], figures.Noisy);
        Assert.Equal(2, figures.Flagged["swiglu x"]);
        Assert.Equal(1, figures.Flagged["rmsnorm x"]);
    }

    [Fact]
    public void A_common_mode_slowdown_on_an_A_A_pair_fails_its_gate_and_counts_as_a_false_alarm()
    {
        var shifted = GateFixtures.Report(Unchanged("swiglu"), Unchanged("grouped_gemm")) with
        {
            CommonShift = new CommonShift(1.3, 2, true, "beyond", BeyondDrift: true),
        };
        var pair = new JudgedPair(AaPairs()[0], GateRegime.TwoRuns, 1, 2, GateResult.From(shifted));

        var figures = Assert.Single(GateCheckTally.Count([pair], KernelOps).Aa);
        Assert.Equal(GateExitCodes.CommonModeSlowdown, pair.Gate.ExitCode);
        Assert.Equal([true], figures.FailedGates);
        Assert.Equal([0], figures.Regressed);
    }

    [Fact]
    public void An_injected_pair_is_caught_when_a_case_of_its_op_regressed_and_clean_when_no_other_ops_kernel_did()
    {
        var pairs = Injected(
            Cases(Regressed("grouped_gemm"), Unchanged("grouped_gemm"), Unchanged("swiglu")),
            Cases(Regressed("grouped_gemm"), Regressed("swiglu"), Regressed("olmoe-1b-7b@1/4")),
            Cases(Noisy("grouped_gemm"), Unchanged("grouped_gemm"), Unchanged("swiglu")),
            Cases(Unchanged("grouped_gemm"), Regressed("swiglu")));

        var (aa, slowdowns) = GateCheckTally.Count(pairs, KernelOps);

        Assert.Empty(aa);
        var figures = Assert.Single(slowdowns);
        Assert.Equal(FivePercent, figures.Injection);
        Assert.Equal([true, true, false, false], figures.Caught);
        Assert.Equal([true, false, false, false], figures.Clean);
        Assert.Equal(6, figures.TargetCases);
        Assert.Equal(2, figures.TargetRegressed);
        Assert.Equal([0.1021, 0.003, 0.1021, 0.09, 0.003, 0.003], figures.Effects.Select(e => Math.Round(e, 6)));
        Assert.Equal((0.003 + 0.09) / 2, figures.MedianEffect, 6);
        Assert.Equal([0, 1, 0, 1], figures.Unrelated);
        Assert.Equal(2, figures.OtherFlagged["swiglu x"]);
        Assert.Equal(1, figures.OtherFlagged["olmoe-1b-7b@1/4 x" + GateCheckTally.LayerMark]);
    }

    [Fact]
    public void Regimes_and_injections_are_counted_apart()
    {
        var plan = GateCheckPlan.Create(2, ["grouped_gemm", "rmsnorm"], [0.05, 0.10]);
        var report = GateFixtures.Report(Regressed("grouped_gemm"), Regressed("rmsnorm"));
        var pairs = plan.Pairs.Where(p => !p.InTurns)
            .SelectMany(p => new[] { GateRegime.History, GateRegime.TwoRuns }.Select(r => new JudgedPair(p, r, 1, 2, GateResult.From(report))))
            .ToList();

        var (aa, slowdowns) = GateCheckTally.Count(pairs, KernelOps);

        Assert.Equal([GateRegime.History, GateRegime.TwoRuns], aa.Select(a => a.Regime));
        Assert.All(aa, a => Assert.Equal(2, a.Pairs));
        Assert.Equal(8, slowdowns.Count);
        Assert.All(slowdowns, s => Assert.Equal(1, s.Pairs));
        Assert.All(slowdowns, s => Assert.Equal([true], s.Caught));
        Assert.All(slowdowns, s => Assert.Equal([false], s.Clean));
        Assert.Equal(
            ["+5% grouped_gemm", "+10% grouped_gemm", "+5% rmsnorm", "+10% rmsnorm"],
            slowdowns.Where(s => s.Regime == GateRegime.History).Select(s => s.Injection.ToString()));
    }

    private static List<PlannedPair> AaPairs() => [.. Plan.Pairs.Where(p => p.Injection is null && !p.InTurns)];

    private static List<JudgedPair> Aa(params ComparisonReport[] reports) =>
        [.. AaPairs().Zip(reports, (p, r) => new JudgedPair(p, GateRegime.TwoRuns, p.Baseline.Index, p.Candidate.Index, GateResult.From(r)))];

    private static List<JudgedPair> Injected(params ComparisonReport[] reports) =>
        [.. Plan.Pairs.Where(p => p.Injection is not null && !p.InTurns).Zip(reports, (p, r) => new JudgedPair(p, GateRegime.TwoRuns, p.Baseline.Index, p.Candidate.Index, GateResult.From(r)))];

    private static ComparisonReport Cases(params CaseComparison[] cases) =>
        GateFixtures.Report([.. cases.Select((c, i) => c with { CaseId = $"case{i:D12}" })]) with
        {
            CommonShift = new CommonShift(1.0, cases.Length, true, "none"),
        };

    private static CaseComparison Regressed(string name) => GateFixtures.Regressed with { CaseName = name, CaseLabel = name + " x" };

    private static CaseComparison Noisy(string name) => GateFixtures.Noisy with { CaseName = name, CaseLabel = name + " x" };

    private static CaseComparison Unchanged(string name) => GateFixtures.Unchanged with { CaseName = name, CaseLabel = name + " x" };
}

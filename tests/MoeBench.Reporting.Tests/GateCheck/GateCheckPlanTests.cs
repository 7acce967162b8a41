using MoeBench.Reporting.GateCheck;

namespace MoeBench.Reporting.Tests.GateCheck;

public sealed class GateCheckPlanTests
{
    [Fact]
    public void N_pairs_of_each_kind_come_from_N_times_one_plus_sizes_plus_one_runs()
    {
        var plan = GateCheckPlan.Create(20, ["grouped_gemm"], [0.05, 0.10]);

        Assert.Equal(61, plan.Runs.Count);
        Assert.Equal(60, plan.Pairs.Count);
        Assert.Equal(20, plan.Pairs.Count(p => p.Injection is null));
        Assert.Equal(20, plan.Pairs.Count(p => p.Injection is { Fraction: 0.05 }));
        Assert.Equal(20, plan.Pairs.Count(p => p.Injection is { Fraction: 0.10 }));
        Assert.Equal(Enumerable.Range(0, 61), plan.Runs.Select(r => r.Index));
    }

    [Fact]
    public void A_A_pairs_are_consecutive_reference_runs_and_injected_pairs_share_their_blocks_baseline()
    {
        var plan = GateCheckPlan.Create(4, ["grouped_gemm"], [0.05, 0.10]);
        var references = plan.Runs.Where(r => r.IsReference).ToList();

        Assert.Equal(5, references.Count);
        foreach (var pair in plan.Pairs)
        {
            Assert.True(pair.Baseline.IsReference);
            Assert.Equal(pair.Block - 1, pair.Baseline.Block);
            Assert.True(pair.Baseline.Index < pair.Candidate.Index);
        }

        var aa = plan.Pairs.Where(p => p.Injection is null).ToList();
        Assert.Equal(references.Take(4), aa.Select(p => p.Baseline));
        Assert.Equal(references.Skip(1), aa.Select(p => p.Candidate));
        Assert.All(plan.Pairs, p => Assert.Same(plan.Pairs.First(q => q.Block == p.Block).Baseline, p.Baseline));
    }

    [Fact]
    public void The_candidates_order_rotates_within_blocks_and_ops_rotate_over_blocks()
    {
        var plan = GateCheckPlan.Create(3, ["grouped_gemm", "rmsnorm"], [0.05, 0.10]);
        string Kind(PlannedRun r) => r.Injection is { } i ? i.ToString() : "A";

        Assert.Equal(["A"], plan.Runs.Where(r => r.Block == 0).Select(Kind));
        Assert.Equal(["A", "+5% grouped_gemm", "+10% grouped_gemm"], plan.Runs.Where(r => r.Block == 1).Select(Kind));
        Assert.Equal(["+5% rmsnorm", "+10% rmsnorm", "A"], plan.Runs.Where(r => r.Block == 2).Select(Kind));
        Assert.Equal(["+10% grouped_gemm", "A", "+5% grouped_gemm"], plan.Runs.Where(r => r.Block == 3).Select(Kind));
    }

    [Fact]
    public void History_for_a_pair_is_the_reference_runs_up_to_its_baseline_never_an_injected_run()
    {
        var plan = GateCheckPlan.Create(3, ["grouped_gemm"], [0.05]);
        var last = plan.Pairs.Where(p => p.Block == 3).ToList();

        foreach (var pair in last)
        {
            var history = plan.HistoryFor(pair);
            Assert.Equal([0, 1, 2], history.Select(r => r.Block));
            Assert.All(history, r => Assert.True(r.IsReference));
            Assert.Equal(pair.Baseline, history[^1]);
        }

        Assert.Equal([plan.Runs[0]], plan.HistoryFor(plan.Pairs[0]));
    }

    [Fact]
    public void Without_slowdowns_only_A_A_pairs_are_planned()
    {
        var plan = GateCheckPlan.Create(3, [], []);
        Assert.Equal(4, plan.Runs.Count);
        Assert.All(plan.Pairs, p => Assert.Null(p.Injection));
        Assert.Throws<ArgumentException>(() => GateCheckPlan.Create(3, [], [0.05]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GateCheckPlan.Create(0, ["gemm"], [0.05]));
    }
}

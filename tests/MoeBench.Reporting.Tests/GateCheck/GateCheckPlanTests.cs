using MoeBench.Reporting.GateCheck;

namespace MoeBench.Reporting.Tests.GateCheck;

public sealed class GateCheckPlanTests
{
    [Fact]
    public void N_pairs_of_each_kind_measured_apart_and_in_turns_come_from_N_times_two_plus_sizes_plus_one_runs()
    {
        var plan = GateCheckPlan.Create(20, ["grouped_gemm"], [0.05, 0.10]);

        Assert.Equal(81, plan.Runs.Count);
        Assert.Equal(120, plan.Pairs.Count);
        foreach (var inTurns in new[] { false, true })
        {
            var pairs = plan.Pairs.Where(p => p.InTurns == inTurns).ToList();
            Assert.Equal(20, pairs.Count(p => p.Injection is null));
            Assert.Equal(20, pairs.Count(p => p.Injection is { Fraction: 0.05 }));
            Assert.Equal(20, pairs.Count(p => p.Injection is { Fraction: 0.10 }));
        }

        Assert.Equal(Enumerable.Range(0, 81), plan.Runs.Select(r => r.Index));
        Assert.Equal(20, plan.Runs.Count(r => r.Twin));
    }

    [Fact]
    public void Pairs_apart_take_the_previous_blocks_reference_and_pairs_in_turns_their_own_blocks()
    {
        var plan = GateCheckPlan.Create(4, ["grouped_gemm"], [0.05, 0.10]);
        var references = plan.Runs.Where(r => r.IsReference).ToList();

        Assert.Equal(5, references.Count);
        Assert.All(plan.Pairs, p => Assert.True(p.Baseline.IsReference));
        Assert.All(plan.Pairs, p => Assert.False(p.Candidate.IsReference && p.InTurns));
        foreach (var pair in plan.Pairs.Where(p => !p.InTurns))
        {
            Assert.Equal(pair.Block - 1, pair.Baseline.Block);
            Assert.False(pair.Candidate.Twin);
        }

        foreach (var pair in plan.Pairs.Where(p => p.InTurns))
        {
            Assert.Equal(pair.Block, pair.Baseline.Block);
            Assert.True(pair.Candidate.Twin || pair.Candidate.Injection is not null);
        }

        var aa = plan.Pairs.Where(p => p.Injection is null && !p.InTurns).ToList();
        Assert.Equal(references.Take(4), aa.Select(p => p.Baseline));
        Assert.Equal(references.Skip(1), aa.Select(p => p.Candidate));
    }

    [Fact]
    public void Each_block_is_measured_in_turns_its_order_rotating_and_ops_rotate_over_blocks()
    {
        var plan = GateCheckPlan.Create(3, ["grouped_gemm", "rmsnorm"], [0.05, 0.10]);
        string Kind(PlannedRun r) => r.Injection is { } i ? i.ToString() : r.Twin ? "twin" : "A";

        Assert.Equal([1, 4, 4, 4], plan.Blocks.Select(b => b.Count));
        Assert.Equal(["A"], plan.Blocks[0].Select(Kind));
        Assert.Equal(["A", "twin", "+5% grouped_gemm", "+10% grouped_gemm"], plan.Blocks[1].Select(Kind));
        Assert.Equal(["twin", "+5% rmsnorm", "+10% rmsnorm", "A"], plan.Blocks[2].Select(Kind));
        Assert.Equal(["+5% grouped_gemm", "+10% grouped_gemm", "A", "twin"], plan.Blocks[3].Select(Kind));
    }

    [Fact]
    public void History_for_a_pair_is_the_reference_runs_up_to_its_baseline_never_a_twin_or_an_injected_run()
    {
        var plan = GateCheckPlan.Create(3, ["grouped_gemm"], [0.05]);
        var last = plan.Pairs.Where(p => p.Block == 3 && !p.InTurns).ToList();

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
        Assert.Equal(7, plan.Runs.Count);
        Assert.Equal(6, plan.Pairs.Count);
        Assert.All(plan.Pairs, p => Assert.Null(p.Injection));
        Assert.Throws<ArgumentException>(() => GateCheckPlan.Create(3, [], [0.05]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GateCheckPlan.Create(0, ["gemm"], [0.05]));
    }
}

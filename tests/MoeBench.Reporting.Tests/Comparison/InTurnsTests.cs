using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Tests.Comparison;

/// <summary>
/// Two runs measured in turns: every round of both met the same host phase (here up to ±15% between rounds), and now
/// and then one side alone met a slow one. Judged round by round, a 5% slowdown shows through that; judged as two runs
/// measured apart, the same data cannot.
/// </summary>
public sealed class InTurnsTests
{
    private const int Rounds = 16;
    private const int PerRound = 6;

    private static readonly string[] Ops = ["grouped_gemm", "grouped_gemm", "grouped_gemm", "gemm", "swiglu", "rmsnorm", "permute", "unpermute", "gate", "gemm"];

    private static readonly IReadOnlyList<CaseSpec> Specs =
        [.. Ops.Select((op, i) => new CaseSpec(CaseLevel.Kernel, op, new CaseParams([new("rows", 100 + i)])))];

    [Fact]
    public void A_5_percent_slowdown_measured_in_turns_is_caught_round_by_round_and_nothing_else_is()
    {
        var caught = 0;
        var others = new List<string>();
        for (var seed = 0; seed < 10; seed++)
        {
            var report = Compare(seed, slowdown: 1.05, turns: "g");
            caught += report.Cases.Count(c => c.CaseName == "grouped_gemm" && c.Verdict == Verdict.Regressed);
            others.AddRange(report.Cases.Where(c => c.CaseName != "grouped_gemm" && c.Verdict is Verdict.Regressed or Verdict.Improved).Select(c => $"{seed}: {c.CaseLabel} {c.Reason}"));
            Assert.All(report.Cases, c => Assert.Contains("paired", c.Reason, StringComparison.Ordinal));
        }

        Assert.True(caught >= 27, $"caught {caught} of 30 slowed cases");
        Assert.True(others.Count == 0, string.Join('\n', others));
    }

    [Fact]
    public void The_same_runs_judged_as_measured_apart_cannot_tell_5_percent_from_the_host()
    {
        var caught = Enumerable.Range(0, 10).Sum(seed =>
            Compare(seed, slowdown: 1.05, turns: null).Cases.Count(c => c.CaseName == "grouped_gemm" && c.Verdict == Verdict.Regressed));

        Assert.Equal(0, caught);
    }

    [Fact]
    public void Twenty_A_A_pairs_in_turns_raise_at_most_one_alarm()
    {
        var alarms = Enumerable.Range(100, 20)
            .SelectMany(seed => Compare(seed, slowdown: 1, turns: "g").Cases.Where(c => c.Verdict == Verdict.Regressed).Select(c => $"{seed}: {c.CaseLabel} {c.Reason}"))
            .ToList();

        Assert.True(alarms.Count <= 1, string.Join('\n', alarms));
    }

    [Fact]
    public void Runs_of_different_groups_or_selections_of_several_runs_are_not_paired()
    {
        var random = new Random(3);
        var phases = Phases(random);
        var a = Run(1, random, phases, 1, "g");
        var b = Run(2, random, phases, 1, "h");
        var c = Run(3, random, phases, 1, "g");

        var apart = ComparisonEngine.Compare(a.Selection("1"), b.Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
        var pooled = ComparisonEngine.Compare(SyntheticRun.Pool("last:2", a, c), Run(4, random, phases, 1, "g").Selection("4"), NoHistory.Instance, ComparisonOptions.Default);

        Assert.All(apart.Cases, x => Assert.DoesNotContain("paired", x.Reason, StringComparison.Ordinal));
        Assert.All(pooled.Cases, x => Assert.DoesNotContain("paired", x.Reason, StringComparison.Ordinal));
    }

    private static ComparisonReport Compare(int seed, double slowdown, string? turns)
    {
        var random = new Random(seed);
        var phases = Phases(random);
        var baseline = Run(1, random, phases, 1, turns);
        var candidate = Run(2, random, phases, slowdown, turns);
        return ComparisonEngine.Compare(baseline.Selection("1"), candidate.Selection("2"), NoHistory.Instance, ComparisonOptions.Default);
    }

    /// <summary>Each round's host phase, shared by both runs: a factor within about ±15%.</summary>
    private static double[] Phases(Random random) => [.. Enumerable.Range(0, Rounds).Select(_ => Math.Exp(0.08 * SyntheticSuite.Gauss(random)))];

    /// <summary>A run: every case's rounds follow the shared phases; one round in eight meets a slow phase of its own (1.2–1.6×).</summary>
    private static SyntheticRun Run(long id, Random random, double[] phases, double slowdown, string? turns) => new(
        id,
        [
            .. Specs.Select((spec, i) =>
            {
                var level = 1e5 * (i + 1) * (spec.Name == "grouped_gemm" ? slowdown : 1);
                var samples = phases.SelectMany(phase =>
                {
                    var own = random.NextDouble() < 0.125 ? 1.2 + (0.4 * random.NextDouble()) : 1;
                    return Enumerable.Range(0, PerRound).Select(_ => level * phase * own * Math.Exp(0.01 * SyntheticSuite.Gauss(random)));
                }).ToArray();
                return SyntheticSuite.Result(spec, samples, [.. Enumerable.Repeat(PerRound, Rounds)]);
            }),
        ],
        turns);
}

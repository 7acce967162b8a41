using System.Globalization;

namespace MoeBench.Reporting.GateCheck;

/// <summary>A slowdown injected into one op's kernel for a whole run (the CPU backend's <c>MOEBENCH_INJECT_SLOWDOWN</c>).</summary>
/// <param name="Op">The op's name (<c>grouped_gemm</c>): its kernel does <paramref name="Fraction"/> more work.</param>
public sealed record Injection(string Op, double Fraction)
{
    /// <summary>"+5% grouped_gemm".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"+{Fraction * 100:0.##}% {Op}");
}

/// <summary>One run of a gate check, in measuring order.</summary>
/// <param name="Index">Position in the plan, from 0.</param>
/// <param name="Block">The block it belongs to, whose runs are measured in turns: block 0 is the first reference run
/// alone; block b (1..N) measures the b-th reference run, its twin and the b-th injected candidates.</param>
/// <param name="Injection">Null for an un-injected run.</param>
/// <param name="Twin">A second un-injected run of its block: the candidate of the block's A/A pair in turns. Never
/// history, never in a pair of runs measured apart.</param>
public sealed record PlannedRun(int Index, int Block, Injection? Injection, bool Twin = false)
{
    /// <summary>A run of unchanged code as a nightly job makes one: the history and the baselines.</summary>
    public bool IsReference => Injection is null && !Twin;
}

/// <summary>
/// A baseline and a candidate the gate judges: A/A when the candidate is un-injected, else an injected pair.
/// <paramref name="InTurns"/>: both are runs of one block, measured in turns (a pull-request gate measuring base and head
/// side by side); otherwise the baseline is the previous block's reference run (a nightly gate's yesterday).
/// </summary>
public sealed record PlannedPair(PlannedRun Baseline, PlannedRun Candidate, bool InTurns = false)
{
    public int Block => Candidate.Block;

    public Injection? Injection => Candidate.Injection;
}

/// <summary>
/// Which runs a gate check measures and which pairs it judges. The runs of a block are measured in turns, one
/// measurement each (<c>moebench run --turns</c>). Measured apart: N A/A pairs come from the N + 1 reference runs (each
/// with the one before it, as consecutive nightly runs of unchanged code), and each injected candidate is judged against
/// the same baseline as its block's A/A candidate, so both kinds of pair face the same drift. In turns: each block's
/// reference run is the baseline of its twin (A/A) and of its injected runs. N·(2 + sizes) + 1 runs in all. Within a
/// block the runs' order rotates, so no kind of run always takes the first turn; ops rotate over the blocks.
/// </summary>
public sealed record GateCheckPlan(IReadOnlyList<PlannedRun> Runs, IReadOnlyList<PlannedPair> Pairs)
{
    public static GateCheckPlan Create(int pairs, IReadOnlyList<string> ops, IReadOnlyList<double> slowdowns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairs);
        ArgumentNullException.ThrowIfNull(ops);
        ArgumentNullException.ThrowIfNull(slowdowns);
        if (slowdowns.Count > 0 && ops.Count == 0)
        {
            throw new ArgumentException("an injected slowdown needs an op", nameof(ops));
        }

        var runs = new List<PlannedRun> { new(0, 0, null) };
        var planned = new List<PlannedPair>();
        var previous = runs[0];
        for (var block = 1; block <= pairs; block++)
        {
            var op = slowdowns.Count > 0 ? ops[(block - 1) % ops.Count] : "";
            var kinds = new List<(Injection? Injection, bool Twin)> { (null, false), (null, true) };
            kinds.AddRange(slowdowns.Select(s => ((Injection?)new Injection(op, s), false)));
            var shift = (block - 1) % kinds.Count;
            var members = kinds.Skip(shift).Concat(kinds.Take(shift)).Select((k, i) => new PlannedRun(runs.Count + i, block, k.Injection, k.Twin)).ToList();
            runs.AddRange(members);
            var reference = members.Single(r => r.IsReference);
            var candidates = members.Where(r => !r.Twin).OrderBy(r => r.Injection?.Fraction ?? 0).ToList();
            planned.AddRange(candidates.Select(c => new PlannedPair(previous, c)));
            planned.AddRange(members.Where(r => !r.IsReference).OrderBy(r => r.Injection?.Fraction ?? 0).Select(c => new PlannedPair(reference, c, InTurns: true)));
            previous = reference;
        }

        return new GateCheckPlan(runs, planned);
    }

    /// <summary>The runs measured in turns together, block by block.</summary>
    public IReadOnlyList<IReadOnlyList<PlannedRun>> Blocks => [.. Runs.GroupBy(r => r.Block).OrderBy(g => g.Key).Select(g => (IReadOnlyList<PlannedRun>)[.. g])];

    /// <summary>
    /// The runs a nightly gate would know as history when judging a pair measured apart: the reference runs up to and
    /// including its baseline (never a twin or an injected run, never the candidate), oldest first.
    /// </summary>
    public IReadOnlyList<PlannedRun> HistoryFor(PlannedPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return [.. Runs.Where(r => r.IsReference && r.Block < pair.Block)];
    }
}

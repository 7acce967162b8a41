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
/// <param name="Index">Position in the measuring order, from 0.</param>
/// <param name="Block">The block it belongs to: block 0 is the first reference run alone; block b (1..N) measures the
/// b-th A/A candidate and the b-th injected candidates.</param>
/// <param name="Injection">Null for a reference (un-injected) run.</param>
public sealed record PlannedRun(int Index, int Block, Injection? Injection)
{
    public bool IsReference => Injection is null;
}

/// <summary>A baseline and a candidate the gate judges: A/A when the candidate is a reference run, else an injected pair.</summary>
public sealed record PlannedPair(PlannedRun Baseline, PlannedRun Candidate)
{
    public int Block => Candidate.Block;

    public Injection? Injection => Candidate.Injection;
}

/// <summary>
/// Which runs a gate check measures and which pairs it judges. N A/A pairs come from N + 1 reference runs (each with
/// the one before it, as consecutive nightly runs of unchanged code), and each injected candidate is judged against the
/// same baseline as its block's A/A candidate, so both kinds of pair face the same drift: N·(1 + sizes) + 1 runs in all.
/// Within a block the candidates' order rotates, so no kind of candidate always runs nearest its baseline; ops rotate
/// over the blocks.
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
        var plannedPairs = new List<PlannedPair>();
        var baseline = runs[0];
        for (var block = 1; block <= pairs; block++)
        {
            var op = slowdowns.Count > 0 ? ops[(block - 1) % ops.Count] : "";
            var candidates = new List<Injection?> { null };
            candidates.AddRange(slowdowns.Select(s => new Injection(op, s)));
            var shift = (block - 1) % candidates.Count;
            PlannedRun? reference = null;
            foreach (var injection in candidates.Skip(shift).Concat(candidates.Take(shift)))
            {
                var run = new PlannedRun(runs.Count, block, injection);
                runs.Add(run);
                plannedPairs.Add(new PlannedPair(baseline, run));
                reference = injection is null ? run : reference;
            }

            baseline = reference!;
        }

        return new GateCheckPlan(runs, plannedPairs);
    }

    /// <summary>
    /// The runs a nightly gate would know as history when judging this pair: the reference runs up to and including its
    /// baseline (never an injected run, never the candidate), oldest first.
    /// </summary>
    public IReadOnlyList<PlannedRun> HistoryFor(PlannedPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return [.. Runs.Where(r => r.IsReference && r.Block < pair.Block)];
    }
}

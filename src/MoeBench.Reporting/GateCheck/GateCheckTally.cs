using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Comparison.Stats;
using MoeBench.Reporting.Gate;

namespace MoeBench.Reporting.GateCheck;

/// <summary>How the gate did on a regime's A/A pairs: every confirmed regression there is a false alarm.</summary>
/// <param name="FailedGates">Per pair, whether the gate failed (any non-zero exit: a regression or a common-mode shift).</param>
/// <param name="Regressed">Per pair, how many cases the gate called regressed.</param>
/// <param name="Noisy">Per pair, how many cases it called noisy ("rerun").</param>
/// <param name="Flagged">Each case label called regressed, with the number of pairs it was.</param>
public sealed record AaFigures(
    GateRegime Regime, IReadOnlyList<bool> FailedGates, IReadOnlyList<int> Regressed, IReadOnlyList<int> Noisy, IReadOnlyDictionary<string, int> Flagged)
{
    public int Pairs => FailedGates.Count;

    public int Failed => FailedGates.Count(f => f);
}

/// <summary>How the gate did on a regime's pairs with one injected slowdown.</summary>
/// <param name="Caught">Per pair: the gate failed with a regression of at least one case of the injected op.</param>
/// <param name="Clean">Per pair: caught, and no kernel case of another op regressed.</param>
/// <param name="TargetCases">Cases of the injected op compared, over all pairs.</param>
/// <param name="TargetRegressed">Of those, how many the gate called regressed.</param>
/// <param name="Unrelated">Per pair, kernel cases of other ops called regressed: false alarms beside the real change.</param>
/// <param name="Effects">The drift-adjusted slowdown (ratio − 1) the gate measured on each compared case of the
/// injected op, over all pairs: what the injection really did, so a catch rate is read against the slowdown it faced.</param>
/// <param name="OtherFlagged">Each other case label called regressed with its pair count; layer cases (which may run
/// the injected op inside) are marked.</param>
public sealed record SlowdownFigures(
    GateRegime Regime,
    Injection Injection,
    IReadOnlyList<bool> Caught,
    IReadOnlyList<bool> Clean,
    int TargetCases,
    int TargetRegressed,
    IReadOnlyList<int> Unrelated,
    IReadOnlyDictionary<string, int> OtherFlagged,
    IReadOnlyList<double> Effects)
{
    public int Pairs => Caught.Count;

    /// <summary>The median of <see cref="Effects"/>; NaN when no case of the op was compared.</summary>
    public double MedianEffect => Effects.Count == 0 ? double.NaN : RobustEstimators.Median(Effects);
}

/// <summary>
/// Counts what the gate said about each judged pair. A case of an injected pair is one of three kinds: a kernel case
/// of the injected op (it must be caught), a kernel case of another op (it must stay quiet: the injection touches only
/// its op's kernel), or a layer case, which runs several ops and may legitimately move with the injected one — counted
/// neither way, only listed.
/// </summary>
public static class GateCheckTally
{
    /// <summary>Marks a layer case in <see cref="SlowdownFigures.OtherFlagged"/>.</summary>
    public const string LayerMark = " (layer: may run the op)";

    /// <param name="kernelOps">Names of the kernel cases of the suite: a comparison's case name is its op for a kernel
    /// case and its model for a layer case.</param>
    public static (IReadOnlyList<AaFigures> Aa, IReadOnlyList<SlowdownFigures> Slowdowns) Count(
        IReadOnlyList<JudgedPair> pairs, IReadOnlySet<string> kernelOps)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(kernelOps);
        var aa = pairs.Where(p => p.Pair.Injection is null)
            .GroupBy(p => p.Regime)
            .OrderBy(g => g.Key)
            .Select(g => AaOf(g.Key, [.. g]))
            .ToList();
        var slowdowns = pairs.Where(p => p.Pair.Injection is not null)
            .GroupBy(p => (p.Regime, p.Pair.Injection!))
            .OrderBy(g => g.Key.Regime)
            .ThenBy(g => g.Key.Item2.Op, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Item2.Fraction)
            .Select(g => SlowdownOf(g.Key.Regime, g.Key.Item2, [.. g], kernelOps))
            .ToList();
        return (aa, slowdowns);
    }

    private static AaFigures AaOf(GateRegime regime, IReadOnlyList<JudgedPair> pairs)
    {
        var reports = pairs.Select(p => p.Gate.Report!).ToList();
        return new AaFigures(
            regime,
            [.. pairs.Select(p => p.Gate.ExitCode != GateExitCodes.Ok)],
            [.. reports.Select(r => r.Count(Verdict.Regressed))],
            [.. reports.Select(r => r.Count(Verdict.Noisy))],
            Labels(reports.SelectMany(r => r.Cases.Where(c => c.Verdict == Verdict.Regressed).Select(c => c.CaseLabel))));
    }

    private static SlowdownFigures SlowdownOf(GateRegime regime, Injection injection, IReadOnlyList<JudgedPair> pairs, IReadOnlySet<string> kernelOps)
    {
        var caught = new List<bool>();
        var clean = new List<bool>();
        var unrelated = new List<int>();
        var others = new List<string>();
        var effects = new List<double>();
        var (targets, targetsRegressed) = (0, 0);
        foreach (var pair in pairs)
        {
            var cases = pair.Gate.Report!.Cases;
            var target = cases.Where(c => c.CaseName == injection.Op).ToList();
            var regressed = cases.Where(c => c.Verdict == Verdict.Regressed && c.CaseName != injection.Op).ToList();
            var wrong = regressed.Count(c => kernelOps.Contains(c.CaseName));
            var hit = pair.Gate.ExitCode == GateExitCodes.Regression && target.Any(c => c.Verdict == Verdict.Regressed);
            caught.Add(hit);
            clean.Add(hit && wrong == 0);
            unrelated.Add(wrong);
            targets += target.Count(c => c.Verdict is Verdict.Regressed or Verdict.Improved or Verdict.Unchanged or Verdict.Noisy);
            targetsRegressed += target.Count(c => c.Verdict == Verdict.Regressed);
            effects.AddRange(target.Where(c => c.IsCompared && c.AdjustedRatio is not null).Select(c => c.AdjustedRatio!.Value - 1));
            others.AddRange(regressed.Select(c => kernelOps.Contains(c.CaseName) ? c.CaseLabel : c.CaseLabel + LayerMark));
        }

        return new SlowdownFigures(regime, injection, caught, clean, targets, targetsRegressed, unrelated, Labels(others), effects);
    }

    private static Dictionary<string, int> Labels(IEnumerable<string> labels) =>
        labels.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

using System.Globalization;
using MoeBench.Core.Results;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// One phase of a layer case on both sides, from each side's newest phase profile: says where a layer's change
/// sits (the expert GEMMs, the gate, the combine…). Descriptive only — the verdict comes from the layer's samples;
/// a profile is a few synchronised forwards, so small phases move by noise.
/// </summary>
/// <param name="Phase">The phase name (<c>experts_up</c>, <c>gate</c>, …).</param>
/// <param name="IsGemm">Whether it is an expert GEMM.</param>
/// <param name="BaselineNs">Its median time in the baseline's profile.</param>
/// <param name="CandidateNs">Its median time in the candidate's profile.</param>
public sealed record PhaseChange(string Phase, bool IsGemm, double BaselineNs, double CandidateNs)
{
    /// <summary>Share of the total absolute change that the leading phases must explain.</summary>
    private const double Explained = 0.8;

    /// <summary>At most this many phases are named.</summary>
    private const int MaxNamed = 3;

    public double Ratio => BaselineNs > 0 ? CandidateNs / BaselineNs : double.NaN;

    /// <summary>
    /// The phases both profiles timed, largest absolute change first; empty unless both sides were profiled
    /// (kernel cases are not).
    /// </summary>
    public static IReadOnlyList<PhaseChange> Between(LayerProfile? baseline, LayerProfile? candidate)
    {
        if (baseline is null || candidate is null)
        {
            return [];
        }

        var before = baseline.Phases.ToDictionary(p => p.Name);
        return
        [
            .. candidate.Phases
                .Where(p => before.ContainsKey(p.Name))
                .Select(p => new PhaseChange(p.Name, p.IsGemm, before[p.Name].MedianNs, p.MedianNs))
                .OrderByDescending(p => Math.Abs(p.CandidateNs - p.BaselineNs))
                .ThenBy(p => p.Phase, StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// The few phases that carry most (80%) of the change, as "experts_up (GEMM) +31%, experts_down (GEMM) +28%";
    /// empty when there are no phases or nothing changed.
    /// </summary>
    public static string Leading(IReadOnlyList<PhaseChange> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var total = phases.Sum(p => Math.Abs(p.CandidateNs - p.BaselineNs));
        if (total <= 0)
        {
            return "";
        }

        var named = new List<string>();
        var covered = 0.0;
        foreach (var phase in phases.Take(MaxNamed))
        {
            named.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{phase.Phase}{(phase.IsGemm ? " (GEMM)" : "")} {(phase.Ratio - 1) * 100:+0;-0;0}%"));
            covered += Math.Abs(phase.CandidateNs - phase.BaselineNs);
            if (covered >= Explained * total)
            {
                break;
            }
        }

        return string.Join(", ", named);
    }
}

using MoeBench.Core;
using MoeBench.Core.Results;

namespace MoeBench.Reporting.Prediction;

/// <summary>One case predicted by a modeled twin and measured on the device it models.</summary>
/// <param name="ModeledNs">The prediction's time per invocation.</param>
/// <param name="MeasuredNs">The measurement's median time per invocation.</param>
public sealed record CasePredictionError(string CaseId, string CaseLabel, double ModeledNs, double MeasuredNs)
{
    /// <summary>|modeled − measured| / measured.</summary>
    public double Error => Math.Abs(ModeledNs - MeasuredNs) / MeasuredNs;
}

/// <summary>A modeled twin against its measured device over every case both have: per-case errors and their median.</summary>
/// <param name="Modeled">The twin's device id (<c>modeled:this-cpu</c>).</param>
/// <param name="Measured">The measured device's id (<c>cpu</c>).</param>
public sealed record TwinPredictionErrors(string Modeled, string Measured, IReadOnlyList<CasePredictionError> Cases)
{
    /// <summary>Median of the per-case errors; NaN with no case.</summary>
    public double MedianError
    {
        get
        {
            var errors = Cases.Select(c => c.Error).Order().ToArray();
            return errors.Length == 0 ? double.NaN
                : errors.Length % 2 == 1 ? errors[errors.Length / 2]
                : (errors[(errors.Length / 2) - 1] + errors[errors.Length / 2]) / 2;
        }
    }

    /// <summary>1 − <see cref="MedianError"/>: the accuracy MoE-Lens reports for its model (94%).</summary>
    public double MedianAccuracy => 1 - MedianError;
}

/// <summary>
/// Pairs each modeled twin's results with the measured results of the device it models, case by case. A twin is a
/// modeled device whose details name a measured device and its identity (<see cref="TwinOf"/>, written from a
/// profile's <c>twin_of</c>): a pair counts only where the measured result's device has that id and identity key, so a
/// profile emitted on one CPU is never checked against another. Only results with status ok and a time per
/// invocation pair up. Knows no backend: it reads results as stored.
/// </summary>
public static class PredictionErrors
{
    /// <summary>One entry per twin that has at least one paired case, in twin id order; cases in label order.</summary>
    public static IReadOnlyList<TwinPredictionErrors> Of(IEnumerable<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Where(r => r.Status == ResultStatus.Ok && Time(r) is not null).ToList();
        var measured = ok.Where(r => r.Provenance == Provenance.Measured)
            .GroupBy(r => (r.Case.Id, r.Device.Id, r.Device.IdentityKey))
            .ToDictionary(g => g.Key, g => g.First());
        var twins = new List<TwinPredictionErrors>();
        foreach (var group in ok.Where(r => r.Provenance == Provenance.Modeled && TwinOf.Of(r.Device) is not null)
                     .GroupBy(r => r.Device.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var twin = TwinOf.Of(group.First().Device)!;
            var cases = new List<CasePredictionError>();
            foreach (var modeled in group)
            {
                if (measured.TryGetValue((modeled.Case.Id, twin.DeviceId, twin.IdentityKey), out var real))
                {
                    cases.Add(new CasePredictionError(modeled.Case.Id, modeled.Case.Label, Time(modeled)!.Value, Time(real)!.Value));
                }
            }

            if (cases.Count > 0)
            {
                twins.Add(new TwinPredictionErrors(group.Key, twin.DeviceId, [.. cases.OrderBy(c => c.CaseLabel, StringComparer.Ordinal)]));
            }
        }

        return twins;
    }

    private static double? Time(CaseResult result) =>
        result.Metric(WellKnownMetrics.TimePerInvocation.Id)?.Value is { } ns && ns > 0 ? ns : null;
}

using System.Globalization;
using System.Text;
using MoeBench.Core;
using MoeBench.Core.Results;
using MoeBench.Reporting.Prediction;
using static MoeBench.Reporting.Html.HtmlText;

namespace MoeBench.Reporting.Html;

/// <summary>
/// The report's prediction-error section, present where the run has predicted kernels or layers: for each modeled twin
/// of a measured device (<see cref="PredictionErrors"/>), the measured and modeled time per case, |modeled − measured| /
/// measured, the median error and the accuracy 1 − median (MoE-Lens reports 94% for its model). Where no twin pairs up,
/// one line says why and how to make one.
/// </summary>
internal static class PredictionSection
{
    public const string Id = "prediction";

    public const string Heading = "Prediction error";

    private const string EmitAdvice =
        "Run `moebench calibrate --emit-profile hardware/this-cpu.yaml` on this machine, then the suite again, to predict cpu with its own twin.";

    public static bool Applies(IReadOnlyList<CaseResult> results) => results.Any(IsPrediction);

    /// <summary>One line in the summary: each twin's median error and accuracy, or why there is none.</summary>
    public static void WriteSummaryLine(StringBuilder html, IReadOnlyList<CaseResult> results)
    {
        if (!Applies(results))
        {
            return;
        }

        var twins = PredictionErrors.Of(results);
        html.Append("<p class=\"note\" id=\"summary-prediction\">");
        html.Append(twins.Count == 0 ? E("Prediction error: no modeled twin of a measured device pairs up in this run (see Prediction error).")
            : E("Prediction error: " + string.Join("; ", twins.Select(Headline))));
        html.Append("</p>\n");
    }

    public static void Write(StringBuilder html, IReadOnlyList<CaseResult> results)
    {
        html.Append("<section id=\"").Append(Id).Append("\">\n<h2>").Append(Heading).Append("</h2>\n<p class=\"intro\">")
            .Append(E("A modeled twin predicts the device whose calibration its profile was emitted from (its twin_of names that device and "
                      + "identity). Per case: the measured median, the prediction, and |modeled − measured| / measured; the median of those "
                      + "errors and the accuracy 1 − median (MoE-Lens reports 94% for its model)."))
            .Append("</p>\n");
        var twins = PredictionErrors.Of(results);
        if (twins.Count == 0)
        {
            html.Append("<p class=\"note\" id=\"prediction-none\">").Append(E($"{NoTwinReason(results)} {EmitAdvice}")).Append("</p>\n</section>\n");
            return;
        }

        foreach (var twin in twins)
        {
            html.Append("<p class=\"prediction-median\"><b>").Append(E(Headline(twin))).Append("</b></p>\n")
                .Append("<table class=\"sortable prediction-table\">\n<thead><tr><th tabindex=\"0\">case</th>")
                .Append("<th data-type=\"num\" tabindex=\"0\">").Append(E($"measured ({twin.Measured})")).Append("</th>")
                .Append("<th data-type=\"num\" tabindex=\"0\">").Append(E($"modeled ({twin.Modeled})")).Append("</th>")
                .Append("<th data-type=\"num\" tabindex=\"0\">|error|</th></tr></thead>\n<tbody>\n");
            foreach (var c in twin.Cases.OrderByDescending(c => c.Error))
            {
                html.Append("<tr><td class=\"label\">").Append(E(c.CaseLabel)).Append("</td>")
                    .Append("<td class=\"num\" data-value=\"").Append(Key(c.MeasuredNs)).Append("\">").Append(E(Time(c.MeasuredNs))).Append("</td>")
                    .Append("<td class=\"num\" data-value=\"").Append(Key(c.ModeledNs)).Append("\">").Append(E(Time(c.ModeledNs))).Append("</td>")
                    .Append("<td class=\"num\" data-value=\"").Append(Key(c.Error)).Append("\">").Append(E(Percent(c.Error))).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>"modeled:this-cpu vs cpu: median error 8.1% over 12 cases, accuracy 91.9%".</summary>
    public static string Headline(TwinPredictionErrors twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return $"{twin.Modeled} vs {twin.Measured}: median error {Percent(twin.MedianError)} over {Int(twin.Cases.Count)} "
               + $"case{(twin.Cases.Count == 1 ? "" : "s")}, accuracy {Percent(twin.MedianAccuracy)}";
    }

    private static bool IsPrediction(CaseResult r) =>
        r.Provenance == Provenance.Modeled && r.Status == ResultStatus.Ok && r.Case.Level != Core.Cases.CaseLevel.Scenario;

    /// <summary>Why no twin paired: none named, its device absent, another identity, or no case in common.</summary>
    private static string NoTwinReason(IReadOnlyList<CaseResult> results)
    {
        var named = results.Where(IsPrediction).Select(r => (r.Device.Id, Twin: TwinOf.Of(r.Device)))
            .Where(t => t.Twin is not null).DistinctBy(t => t.Id).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        if (named.Count == 0)
        {
            return "No modeled device of this run is the twin of a measured one (no profile here names a twin_of), so no prediction can be checked.";
        }

        return string.Join(" ", named.Select(t =>
        {
            var twin = t.Twin!;
            var measured = results.Where(r => r.Provenance == Provenance.Measured && r.Device.Id == twin.DeviceId)
                .Select(r => r.Device.IdentityKey).Distinct(StringComparer.Ordinal).ToList();
            return measured.Count == 0
                ? $"{t.Id} is the twin of {twin.DeviceId}, which did not run in this run."
                : !measured.Contains(twin.IdentityKey)
                    ? $"{t.Id} was emitted on a {twin.DeviceId} of identity {twin.IdentityKey}, but this run's {twin.DeviceId} is {string.Join(", ", measured)}: "
                      + "a profile emitted on another machine or CPU is no twin."
                    : $"{t.Id} and {twin.DeviceId} have no successful case in common.";
        }));
    }

    private static string Percent(double ratio) =>
        double.IsFinite(ratio) ? (100 * ratio).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";
}

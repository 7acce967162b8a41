using System.Globalization;
using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Gate;

/// <summary>How numbers look in the gate's human-readable files; invariant culture only (STYLE 10).</summary>
internal static class GateFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Ratio(RatioEstimate? r) =>
        r is null ? "" : string.Create(Invariant, $"{r.Value:F3} ({r.Lower:F3}–{r.Upper:F3})");

    public static string Q(double? q) => q is { } v ? v.ToString(v < 1e-3 ? "0.0E+0" : "0.####", Invariant) : "";

    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.0", Invariant) + "%" : "";

    public static string Signed(double ratio) => ((ratio - 1) * 100).ToString("+0.0;-0.0;0.0", Invariant) + "%";

    public static string Count(int n) => n.ToString(Invariant);
}

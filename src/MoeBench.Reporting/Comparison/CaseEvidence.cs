using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// The numbers one case's verdict is decided from, on the log scale and oriented so that positive is worse
/// (see <see cref="MetricDescriptor.WorseSign"/>): a 10% slower time and a 10% lower throughput both read +0.095.
/// </summary>
/// <param name="Worse">Drift-adjusted log effect, worse positive (Hodges–Lehmann point estimate).</param>
/// <param name="WorseLower">Its confidence interval's better end.</param>
/// <param name="WorseUpper">Its confidence interval's worse end.</param>
/// <param name="QValue">BH-adjusted p-value (rank test, and with history the noise t test).</param>
/// <param name="MinEffect">ln(1 + minimum effect).</param>
/// <param name="NoiseBar">ln of the noise bar: k·σ·√(1/B + 1/C) from history, k·SE from the rounds (at least the round
/// floor), or ln(1 + floor) with neither.</param>
/// <param name="NoiseSource">Where <paramref name="NoiseBar"/> came from, in words for the reason.</param>
/// <param name="MinSamples">Smaller sample count of the two sides.</param>
/// <param name="Spread">Larger within-run relative spread of the two sides; for runs measured in turns, the spread of
/// their paired rounds' differences, which is what their verdict rests on.</param>
/// <param name="SpreadSource">What <paramref name="Spread"/> is, in words for the reason.</param>
internal sealed record CaseEvidence(
    double Worse,
    double WorseLower,
    double WorseUpper,
    double QValue,
    double MinEffect,
    double NoiseBar,
    string NoiseSource,
    int MinSamples,
    double Spread,
    string SpreadSource = "within-run spread")
{
    /// <summary>Orients a drift-adjusted shift estimate (candidate − baseline in log space) so worse is positive.</summary>
    public static (double Worse, double Lower, double Upper) Orient(ShiftEstimate adjusted, int worseSign) => worseSign > 0
        ? (adjusted.Shift, adjusted.Lower, adjusted.Upper)
        : (-adjusted.Shift, -adjusted.Upper, -adjusted.Lower);
}

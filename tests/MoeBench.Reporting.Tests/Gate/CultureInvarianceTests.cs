using System.Globalization;
using MoeBench.Reporting.Gate;

namespace MoeBench.Reporting.Tests.Gate;

/// <summary>
/// Every writer must produce the same bytes whatever the current culture (BenchmarkDotNet runs its exporter tests
/// under ru-RU). The project runs with InvariantGlobalization, where "de-DE" may not exist; then a culture with a
/// decimal comma and a space group separator is built by hand — the failure it would expose is the same.
/// </summary>
public sealed class CultureInvarianceTests
{
    public static TheoryData<string> Cultures => new() { "de-DE", "ru-RU" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_writer_writes_the_same_text_under_a_decimal_comma_culture(string name)
    {
        var result = GateResult.From(GateFixtures.Report());
        var invariant = WriteAll(result, CultureInfo.InvariantCulture);
        var comma = CommaCulture(name);
        Assert.Equal("1,5", 1.5.ToString(comma));

        var local = WriteAll(result, comma);

        Assert.Equal(invariant, local);
        Assert.Contains("1.102 (1.081–1.120)", local["summary.md"], StringComparison.Ordinal);
        Assert.DoesNotContain("1,102", local["summary.md"], StringComparison.Ordinal);
        Assert.Contains("\"median\": 1234567.5", local["compare.json"], StringComparison.Ordinal);
        Assert.Contains("ratio 1.102", local["junit.xml"], StringComparison.Ordinal);
    }

    private static Dictionary<string, string> WriteAll(GateResult result, CultureInfo culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return GateOutputs.DefaultWriters.ToDictionary(w => w.FileName, w =>
            {
                using var text = new StringWriter(CultureInfo.CurrentCulture) { NewLine = "\n" };
                w.Write(result, text);
                return text.ToString();
            });
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    private static CultureInfo CommaCulture(string name)
    {
        CultureInfo culture;
        try
        {
            culture = (CultureInfo)new CultureInfo(name).Clone();
        }
        catch (CultureNotFoundException)
        {
            culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        }

        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = " ";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "−";
        return culture;
    }
}

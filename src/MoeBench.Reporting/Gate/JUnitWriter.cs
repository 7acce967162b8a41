using System.Xml;
using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Gate;

/// <summary>
/// <c>junit.xml</c>: one testsuite, one testcase per case and device, so CI test tabs list the gate's cases.
/// Regressions are failures carrying their numbers; new and missing cases are skipped with the reason; a case that
/// failed validation is an error (its numbers were never compared). Noisy cases pass, with why in system-out. Where
/// the gate judged several metrics (a serving case on TTFT and TPOT), each case's name ends with the metric's.
/// </summary>
public sealed class JUnitWriter : IGateWriter
{
    public string FileName => "junit.xml";

    public void Write(GateResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var several = result.Reports.Count > 1;
        var cases = result.Reports
            .SelectMany(r => r.Cases.Select(c => (Case: c, Metric: several ? $" {r.Options.Metric.Id}" : "")))
            .ToList();
        var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n", OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(writer, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "moebench-gate");
        xml.WriteAttributeString("tests", GateFormat.Count(cases.Count));
        xml.WriteAttributeString("failures", GateFormat.Count(cases.Count(c => c.Case.Verdict == Verdict.Regressed)));
        xml.WriteAttributeString("errors", GateFormat.Count(cases.Count(c => c.Case.Verdict == Verdict.Failed)));
        xml.WriteAttributeString("skipped", GateFormat.Count(cases.Count(c => c.Case.Verdict is Verdict.New or Verdict.Missing)));
        if (result.Report is null)
        {
            // No comparison at all (bad selector): one errored case says why, so the CI tab is not silently empty.
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "moebench.gate");
            xml.WriteAttributeString("name", "baseline");
            xml.WriteStartElement("error");
            xml.WriteAttributeString("message", result.Headline);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        foreach (var (c, metric) in cases)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "moebench." + c.CaseName);
            xml.WriteAttributeString("name", $"{c.CaseLabel} [{c.DeviceId}]{metric}");
            switch (c.Verdict)
            {
                case Verdict.Regressed:
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", Numbers(c) + ": " + c.Reason + Where(c));
                    xml.WriteAttributeString("type", "regression");
                    xml.WriteString(c.Reason + Where(c));
                    xml.WriteEndElement();
                    break;
                case Verdict.Failed:
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("message", c.Reason);
                    xml.WriteEndElement();
                    break;
                case Verdict.New or Verdict.Missing:
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", $"{c.Verdict.ToName()}: {c.Reason}");
                    xml.WriteEndElement();
                    break;
                default:
                    xml.WriteElementString("system-out", $"{c.Verdict.ToName()}: {c.Reason}");
                    break;
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>For a layer case, the phases its change sits in.</summary>
    private static string Where(CaseComparison c) => c.Where.Length > 0 ? $"; in the profile: {c.Where}" : "";

    private static string Numbers(CaseComparison c) =>
        $"ratio {GateFormat.Ratio(c.Ratio)}, vs. drift {(c.AdjustedRatio is { } a ? GateFormat.Signed(a.Value) : "")}, q {GateFormat.Q(c.QValue)}, noise {GateFormat.Percent(c.Noise)}";
}

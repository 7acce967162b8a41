using System.Text.Json;
using MoeBench.Core.Results;

namespace MoeBench.Cli;

/// <summary>
/// A result's <c>metrics</c> object in <c>results --json</c>: id → value, unit, direction, kind, 95% interval (or
/// null) and how many raw samples are stored. Every result has one, whatever produced it, so a reader needs no
/// knowledge of kernels, layers or scenarios to find a figure and which way is better.
/// </summary>
internal static class MetricsJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<MetricValue> metrics)
    {
        w.WriteStartObject("metrics");
        foreach (var m in metrics)
        {
            w.WriteStartObject(m.Id);
            if (double.IsFinite(m.Value))
            {
                w.WriteNumber("value", m.Value);
            }
            else
            {
                w.WriteNull("value");
            }

            w.WriteString("unit", m.Definition.Unit);
            w.WriteString("direction", m.Definition.Direction.ToName());
            w.WriteString("kind", m.Definition.Kind.ToName());
            if (m.Interval is { } ci && double.IsFinite(ci.Lower) && double.IsFinite(ci.Upper))
            {
                w.WriteStartObject("ci");
                w.WriteNumber("lower", ci.Lower);
                w.WriteNumber("upper", ci.Upper);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("ci");
            }

            w.WriteNumber("sample_count", m.Samples.Count);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}

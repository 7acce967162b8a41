using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>One <c>result_metrics</c> row as Dapper reads and writes it; the definition travels with the value.</summary>
internal sealed class MetricRow
{
    public long ResultId { get; set; }

    public string MetricId { get; set; } = "";

    public string Unit { get; set; } = "";

    public string Direction { get; set; } = "";

    public string Kind { get; set; } = "";

    public double? Value { get; set; }

    public double? CiLower { get; set; }

    public double? CiUpper { get; set; }

    public byte[]? Samples { get; set; }

    public static MetricRow From(long resultId, MetricValue metric) => new()
    {
        ResultId = resultId,
        MetricId = metric.Id,
        Unit = metric.Definition.Unit,
        Direction = metric.Definition.Direction.ToName(),
        Kind = metric.Definition.Kind.ToName(),
        Value = RowValues.ToReal(metric.Value),
        CiLower = RowValues.ToReal(metric.Interval?.Lower),
        CiUpper = RowValues.ToReal(metric.Interval?.Upper),
        Samples = metric.Samples.Count > 0 ? SampleBlob.Encode(metric.Samples) : null,
    };

    /// <summary>
    /// The stored definition, not today's well-known one: a metric whose producer is gone still reads back as written.
    /// </summary>
    public MetricValue ToValue() => new(
        new MetricDefinition(MetricId, Unit, MetricNames.ParseDirection(Direction), MetricNames.ParseKind(Kind)),
        RowValues.FromReal(Value),
        CiLower is { } lower && CiUpper is { } upper ? new MetricInterval(lower, upper) : null,
        SampleBlob.Decode(Samples));
}

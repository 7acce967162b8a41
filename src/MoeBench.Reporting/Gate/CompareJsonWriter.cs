using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.History;

namespace MoeBench.Reporting.Gate;

/// <summary>
/// <c>compare.json</c>: the whole comparison for machines — every field of every case, the options that decided
/// it, both selectors and their run ids, and the drifts over the history window that summary.md lists — in snake_case. System.Text.Json writes numbers culture-free.
/// The top level is the first gated metric's comparison (time per invocation where kernels or layers ran);
/// <c>other_metrics</c> holds each further one (a serving scenario's TTFT and TPOT) in the same shape.
/// </summary>
public sealed class CompareJsonWriter : IGateWriter
{
    public const string Schema = "moebench.compare/1";

    internal static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new RelativeThresholdConverter() },
    };

    public string FileName => "compare.json";

    public void Write(GateResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var report = result.Report;
        var document = new CompareDocument(
            Schema,
            result.ExitCode,
            result.Headline,
            report is null ? null : new MetricDto(report.Options.Metric.Id, report.Options.Metric.Unit, report.Options.Metric.HigherIsBetter),
            report is null ? null : OptionsDto.From(report.Options),
            report is null ? null : new SideDto(report.BaselineSelector, report.BaselineRunIds),
            report is null ? null : new SideDto(report.CandidateSelector, report.CandidateRunIds),
            report?.CommonShift,
            report is null ? null : Enum.GetValues<Verdict>().ToDictionary(v => v.ToName(), report.Count),
            report?.Cases ?? [],
            report is null ? [] : [.. report.Drifts.Select(d => DriftDto.From(d, report.Options.Metric.Definition))],
            [.. result.Reports.Skip(1).Select(MetricComparisonDto.From)]);
        writer.Write(JsonSerializer.Serialize(document, Json));
        writer.WriteLine();
    }

    private sealed record CompareDocument(
        string Schema,
        int ExitCode,
        string Headline,
        MetricDto? Metric,
        OptionsDto? Options,
        SideDto? Baseline,
        SideDto? Candidate,
        CommonShift? CommonShift,
        Dictionary<string, int>? Counts,
        IReadOnlyList<CaseComparison> Cases,
        IReadOnlyList<DriftDto> Drifts,
        IReadOnlyList<MetricComparisonDto> OtherMetrics);

    /// <summary>One further metric's comparison, shaped as the top level's comparison fields.</summary>
    private sealed record MetricComparisonDto(
        MetricDto Metric,
        CommonShift CommonShift,
        Dictionary<string, int> Counts,
        IReadOnlyList<CaseComparison> Cases,
        IReadOnlyList<DriftDto> Drifts)
    {
        public static MetricComparisonDto From(ComparisonReport r) => new(
            new MetricDto(r.Options.Metric.Id, r.Options.Metric.Unit, r.Options.Metric.HigherIsBetter),
            r.CommonShift,
            Enum.GetValues<Verdict>().ToDictionary(v => v.ToName(), r.Count),
            r.Cases,
            [.. r.Drifts.Select(d => DriftDto.From(d, r.Options.Metric.Definition))]);
    }

    private sealed record MetricDto(string Id, string Unit, bool HigherIsBetter);

    /// <summary>
    /// One drifting case over the history window: runs first to last, the rate per run (in the metric's unit and
    /// relative to the starting level, null where that is 0), the change over the span, its confidence in long-run
    /// noise σ, and the line summary.md prints.
    /// </summary>
    private sealed record DriftDto(
        string CaseLabel,
        string DeviceId,
        long FirstRunId,
        long LastRunId,
        int Span,
        double RatePerRun,
        double? RelativeRatePerRun,
        double Change,
        double Confidence,
        string Text)
    {
        public static DriftDto From(CaseDrift d, MetricDefinition? metric) => new(
            d.CaseLabel, d.DeviceId, d.Finding.FirstRunId, d.Finding.LastRunId, d.Finding.Drift.Span, d.Finding.Drift.RatePerPoint,
            d.Finding.Drift.RelativeRatePerPoint, d.Finding.Drift.Change, d.Finding.Drift.Confidence, DriftText.Rate(d.Finding.Drift, metric));
    }

    private sealed record SideDto(string Selector, IReadOnlyList<long> RunIds);

    private sealed record OptionsDto(
        double QMax,
        RelativeThreshold MinEffect,
        IReadOnlyList<EffectOverride> Overrides,
        double NoiseMultiplier,
        RelativeThreshold NoHistoryFloor,
        RelativeThreshold RoundNoiseFloor,
        RelativeThreshold InterleavedNoiseFloor,
        double RoundPriorDegreesOfFreedom,
        double ConfidenceLevel,
        int MinHistoryPoints,
        int HistoryWindow,
        int MinCasesForCommonMode,
        RelativeThreshold MaxCommonShift,
        int MinSamples,
        RelativeThreshold NoisySpread)
    {
        public static OptionsDto From(ComparisonOptions o) => new(
            o.QMax, o.MinEffect, o.Overrides, o.NoiseMultiplier, o.NoHistoryFloor, o.RoundNoiseFloor, o.InterleavedNoiseFloor, o.RoundPriorDegreesOfFreedom,
            o.ConfidenceLevel, o.MinHistoryPoints,
            o.HistoryWindow, o.MinCasesForCommonMode, o.MaxCommonShift, o.MinSamples, o.NoisySpread);
    }

    /// <summary>A threshold as its fraction (0.03), the form a machine wants.</summary>
    private sealed class RelativeThresholdConverter : JsonConverter<RelativeThreshold>
    {
        public override RelativeThreshold Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, RelativeThreshold value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Fraction);
    }
}

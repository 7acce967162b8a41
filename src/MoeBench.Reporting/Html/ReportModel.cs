using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Html;

/// <summary>
/// Everything one HTML report shows, as plain data: the run, its results and — when the caller has them — the
/// history of its cases and a baseline comparison. The CLI assembles it from the result store and the gate's
/// output; the writer never queries anything itself.
/// </summary>
/// <param name="History">Per (case, device) history with change points, oldest run first; null or empty: none.</param>
/// <param name="Comparison">Baseline-vs-candidate rows from the gate; null: no comparison section.</param>
/// <param name="ComparisonTitle">What was compared, e.g. <c>run 41 (baseline) → run 42</c>.</param>
/// <param name="Serving">Latency–throughput sweeps of serving scenarios; null or empty: no serving section.</param>
/// <param name="ComparisonMetric">The metric the comparison judged; time per invocation when null.</param>
/// <param name="ServingTimelines">Serving results' step timelines (the store keeps them apart from the results); null: none.</param>
public sealed record ReportModel(
    RunRecord Run,
    IReadOnlyList<CaseResult> Results,
    IReadOnlyList<HistoryChartSeries>? History = null,
    IReadOnlyList<ComparisonRow>? Comparison = null,
    string? ComparisonTitle = null,
    IReadOnlyList<LatencyThroughputSeries>? Serving = null,
    MetricDefinition? ComparisonMetric = null,
    IReadOnlyList<ServingTimelineOf>? ServingTimelines = null);

/// <summary>One serving result with its step timeline.</summary>
public sealed record ServingTimelineOf(CaseResult Result, ServingTimeline Timeline);

/// <summary>
/// One case of a baseline-vs-candidate comparison as the gate decided it. Plain values, so the gate's own types
/// stay in the gate; medians are in the comparison's metric (<see cref="ReportModel.ComparisonMetric"/>), null where
/// the case is new or missing.
/// </summary>
/// <param name="Ratio">Candidate median over baseline median (for time, above 1 = slower).</param>
/// <param name="Verdict"><c>regressed</c>, <c>improved</c>, <c>unchanged</c>, <c>noisy</c>, <c>new</c> or <c>missing</c>.</param>
/// <param name="Where">For a layer case, the phases its change sits in ("experts_up (GEMM) +30%"); empty otherwise.</param>
public sealed record ComparisonRow(
    string CaseLabel,
    string Device,
    double? BaselineMedian,
    double? CandidateMedian,
    double? Ratio,
    string Verdict,
    string Where = "");

/// <summary>What <see cref="ReportWriter.Write"/> wrote: the page and every chart file beside it.</summary>
public sealed record ReportFiles(string IndexHtml, IReadOnlyList<string> ChartFiles);

using MoeBench.Core.Results;

namespace MoeBench.Reporting.GateCheck;

/// <summary>
/// The metrics a gate check stores, each describing itself (id, unit, direction, kind) like every other metric, so
/// <c>results --json</c>, <c>history</c> and the report read them without knowing what a gate check is.
/// </summary>
public static class GateCheckMetrics
{
    /// <summary>Share of A/A pairs (unchanged code) whose gate would fail: a false alarm per pair.</summary>
    public static MetricDefinition FalseAlarmRate { get; } = new("false_alarm_rate", "1", MetricDirection.LowerIsBetter, MetricKind.Ratio);

    /// <summary>Cases called regressed per A/A pair, on average.</summary>
    public static MetricDefinition RegressedPerPair { get; } = new("regressed_cases_per_pair", "cases", MetricDirection.LowerIsBetter, MetricKind.Count);

    /// <summary>Cases called noisy ("rerun") per A/A pair, on average: what the gate costs in reruns.</summary>
    public static MetricDefinition NoisyPerPair { get; } = new("noisy_cases_per_pair", "cases", MetricDirection.LowerIsBetter, MetricKind.Count);

    /// <summary>Share of injected pairs whose gate failed naming a case of the injected op.</summary>
    public static MetricDefinition CatchRate { get; } = new("catch_rate", "1", MetricDirection.HigherIsBetter, MetricKind.Ratio);

    /// <summary>Share of injected pairs caught with no kernel case of another op called regressed.</summary>
    public static MetricDefinition CleanCatchRate { get; } = new("clean_catch_rate", "1", MetricDirection.HigherIsBetter, MetricKind.Ratio);

    /// <summary>Share of the injected op's cases called regressed, over all injected pairs.</summary>
    public static MetricDefinition CaseRecall { get; } = new("case_recall", "1", MetricDirection.HigherIsBetter, MetricKind.Ratio);

    /// <summary>The injected op's cases' drift-adjusted slowdown as the gate measured it (median over pairs and cases, a
    /// fraction; every case's as samples): the slowdown a catch rate was measured on. Lower means the same injection
    /// slowed the op less.</summary>
    public static MetricDefinition MeasuredSlowdown { get; } = new("measured_slowdown", "1", MetricDirection.LowerIsBetter, MetricKind.Ratio);

    /// <summary>Kernel cases of other ops called regressed per injected pair, on average.</summary>
    public static MetricDefinition UnrelatedPerPair { get; } = new("unrelated_regressed_per_pair", "cases", MetricDirection.LowerIsBetter, MetricKind.Count);
}

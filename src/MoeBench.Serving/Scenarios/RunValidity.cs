using System.Globalization;
using MoeBench.Serving.Metrics;

namespace MoeBench.Serving.Scenarios;

/// <summary>
/// MLPerf LoadGen's rule that a run counts only when it met its minimums (shared/reference/serving-benchmarks.md):
/// the first rule a run breaks makes it INVALID, stored with that rule's name and the numbers that broke it.
/// <list type="bullet">
/// <item><c>finished</c>: every measured request finished before <c>max_duration_s</c> cut the run.</item>
/// <item><c>min_queries</c>: at least <c>min_queries</c> measured requests finished.</item>
/// <item><c>min_duration</c>: the measured window (first measured arrival to last finish) lasted <c>min_duration_s</c>.</item>
/// <item><c>server_kept_up</c> (server only): the engine finished measured requests at no less than
/// <see cref="KeptUpShare"/> of the rate they arrived at — completion rate, finished / window, against arrival rate,
/// (measured − 1) / arrival span. A server that keeps up finishes at the arrival rate diluted only by the last
/// request's latency (span / (span + latency) ≥ 0.9 once the run lasts 9 latencies); one driven past its capacity
/// finishes at its capacity, and its queue, and every latency after it, grows for as long as the run lasts.</item>
/// </list>
/// </summary>
public static class RunValidity
{
    public const double KeptUpShare = 0.9;

    /// <summary>The rule broken and why (<c>min_duration: …</c>), or null for a valid run.</summary>
    public static string? Violation(ScenarioSettings settings, ServingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Finished < summary.Measured)
        {
            return Format($"finished: {summary.Measured - summary.Finished} of {summary.Measured} measured requests had not finished when max_duration_s ({settings.MaxDurationSeconds:0.###} s) ended the run");
        }

        if (summary.Finished < settings.MinQueries)
        {
            return Format($"min_queries: {summary.Finished} measured requests finished, fewer than min_queries {settings.MinQueries}");
        }

        if (summary.WindowSeconds < settings.MinDurationSeconds)
        {
            return Format($"min_duration: the measured window lasted {summary.WindowSeconds:0.###} s, less than min_duration_s {settings.MinDurationSeconds:0.###} s");
        }

        if (settings.Scenario == ServingScenarios.Server && summary.Measured > 1 && summary.ArrivalSpanSeconds > 0)
        {
            var offered = (summary.Measured - 1) / summary.ArrivalSpanSeconds;
            var achieved = summary.Finished / summary.WindowSeconds;
            if (achieved < KeptUpShare * offered)
            {
                return Format($"server_kept_up: requests finished at {achieved:0.###}/s but arrived at {offered:0.###}/s (below {KeptUpShare:0%} of it): the engine fell behind its arrival schedule");
            }
        }

        return null;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

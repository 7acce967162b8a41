using MoeBench.Core.Results;
using ScottPlot;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// What the engine ran at each step of one serving run: prefill and decode tokens per step and the requests waiting
/// beside them, against time. Continuous batching shows as decode tokens rising with the running batch and prefill
/// spikes where requests join; a waiting line that only grows is a server falling behind its arrivals.
/// </summary>
public static class BatchTimelineChart
{
    /// <param name="label">What names the run on the chart (the case label is long: every default is in it).</param>
    public static ChartImage Render(CaseResult result, ServingTimeline timeline, string label)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(timeline);
        // Whole: ChartStyle wraps titles to the canvas by measured width, and a cut reason or label could lose what matters.
        var status = result.Status == ResultStatus.Invalid ? $"\nINVALID — {result.FailureReason}" : "";
        var title = $"Batch composition: {label}{status}";
        var plot = ChartStyle.NewPlot(title, "time since the run started (s)", "tokens per step / requests waiting");
        var steps = timeline.Steps;
        double[] starts = [.. steps.Select(s => s.StartSeconds)];
        Line(plot, starts, [.. steps.Select(s => (double)s.PrefillTokens)], 0, "prefill tokens");
        Line(plot, starts, [.. steps.Select(s => (double)s.DecodeTokens)], 1, "decode tokens");
        Line(plot, starts, [.. steps.Select(s => (double)s.WaitingRequests)], 3, "requests waiting");
        if (steps.Count > 0)
        {
            var top = steps.Max(s => Math.Max(Math.Max(s.PrefillTokens, s.DecodeTokens), s.WaitingRequests));
            plot.Axes.SetLimits(0, Math.Max(steps[^1].EndSeconds, 1e-9) * 1.02, 0, Math.Max(top, 1) * 1.1);
        }

        ChartStyle.LegendOutside(plot);
        return ChartStyle.Render(plot, $"batch-timeline-{result.Case.Id}", $"Batch composition: {label}");
    }

    private static void Line(Plot plot, double[] xs, double[] ys, int color, string legend)
    {
        if (xs.Length == 0)
        {
            return;
        }

        var line = plot.Add.Scatter(xs, ys, ChartStyle.SeriesColor(color));
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        line.LineWidth = 1.5f;
        line.LegendText = legend;
    }
}

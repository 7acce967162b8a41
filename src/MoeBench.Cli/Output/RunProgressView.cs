using System.Diagnostics;
using System.Globalization;
using MoeBench.Core.Results;
using MoeBench.Engine.Running;
using MoeBench.Reporting.Charts;
using MoeBench.Reporting.Comparison;
using Spectre.Console;

namespace MoeBench.Cli;

/// <summary>
/// A progress bar with ETA on a terminal; on a log (CI, pipes) one line per case with the same figures, since a
/// redrawn bar would be lost there.
/// </summary>
public static class RunProgressView
{
    public static void Show(int total, Action<Action<RunProgress>> work)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("starting", maxValue: total);
                    work(p =>
                    {
                        task.Value = p.Done;
                        task.Description = Markup.Escape(Truncate($"{p.Current.DeviceId} {p.Current.Spec.Label}", 60));
                        if (p.Last is { } r)
                        {
                            AnsiConsole.MarkupLine(Markup.Escape(Line(p, r, null)));
                        }
                        else if (p.Skipped is { } why)
                        {
                            AnsiConsole.MarkupLine(Markup.Escape(Skipped(p, why)));
                        }
                        else if (p.Status is { } status)
                        {
                            task.Description = Markup.Escape(Truncate(status, 60));
                            AnsiConsole.MarkupLine(Markup.Escape(status));
                        }
                    });
                });
            return;
        }

        var clock = Stopwatch.StartNew();
        work(p =>
        {
            if (p.Last is { } r)
            {
                var eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.Done * (p.Total - p.Done));
                Console.WriteLine(Line(p, r, eta));
            }
            else if (p.Skipped is { } why)
            {
                Console.WriteLine(Skipped(p, why));
            }
            else if (p.Status is { } status)
            {
                Console.WriteLine(status);
            }
        });
    }

    private static string Line(RunProgress p, CaseResult r, TimeSpan? eta)
    {
        var figures = r.Status switch
        {
            ResultStatus.Ok when r.Statistics is { } s && r.Metrics is { } m =>
                string.Create(CultureInfo.InvariantCulture, $"{TimeUnit.Format(s.MedianNs)} ±{100 * s.RelativeMad:F1}%  {m.Gflops:F1} GFLOP/s  {m.Gbps:F1} GB/s  {m.PctOfPeak:F0}% of {m.Bound} roof"),
            ResultStatus.Ok => Headline(r),
            ResultStatus.Invalid => $"INVALID: {r.FailureReason}",
            _ => $"FAILED: {r.FailureReason}",
        };
        var etaText = eta is { } e ? $"  ETA {e:mm\\:ss}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"[{p.Done}/{p.Total}] {r.Device.Id} {r.Case.Label}: {figures}{etaText}");
    }

    /// <summary>A result without timed samples (a scenario, a prediction): its first few metrics in their units.</summary>
    private static string Headline(CaseResult r) =>
        string.Join("  ", r.AllMetrics.Take(4).Select(m => $"{m.Id} {MetricText.Value(m.Value, m.Definition)}"));

    private static string Skipped(RunProgress p, string why) =>
        string.Create(CultureInfo.InvariantCulture, $"[{p.Done}/{p.Total}] {p.Current.DeviceId} {p.Current.Spec.Label}: skipped, {why}");

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..(length - 1)] + "…";
}

using System.Diagnostics;
using System.Globalization;
using MoeBench.Reporting.GateCheck;
using Spectre.Console;

namespace MoeBench.Cli;

/// <summary>
/// A gate check's progress — a bar over its runs with ETA on a terminal, one line per run on a log — and its figures
/// as two tables: false alarms on A/A pairs, and catches of each injected slowdown, per regime.
/// </summary>
internal static class GateCheckView
{
    /// <summary>
    /// Runs <paramref name="work"/>, which reports (<paramref name="unit"/>s done, what runs now, a line of the current
    /// run's output): gate-check counts runs, ab the turns its two runs take.
    /// </summary>
    public static void Progress(int total, string unit, Action<Action<int, string, string?>> work)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("starting", maxValue: total);
                    work((done, what, line) =>
                    {
                        task.Value = done;
                        task.Description = Markup.Escape(Truncate(line is null ? what : $"{what}: {line}", 70));
                    });
                });
            return;
        }

        // A log gets a line each time the count moves (gate-check's runs arrive a block at a time), but at most one per
        // twentieth of the work where units are more than a hundred (ab's turns), and always the last.
        var clock = Stopwatch.StartNew();
        var last = -1;
        var every = total <= 100 ? 1 : total / 20;
        work((done, what, _) =>
        {
            if (done == last || (done != total && done - last < every))
            {
                return;
            }

            last = done;
            var eta = done == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"  ETA {TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / done * (total - done)):hh\\:mm\\:ss}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{done}/{total} {unit}] {what}{eta}"));
        });
    }

    public static void Figures(IReadOnlyList<AaFigures> aa, IReadOnlyList<SlowdownFigures> slowdowns)
    {
        var falseAlarms = new Table().Title("A/A pairs (unchanged code): every failing gate is a false alarm")
            .AddColumns("regime", "pairs", "failing gates [[95% CI]]", "regressed / pair", "noisy / pair", "cases called regressed (pairs)");
        foreach (var a in aa)
        {
            falseAlarms.AddRow(
                a.Regime.ToName(),
                F($"{a.Pairs}"),
                Rate(a.Failed, a.Pairs),
                F($"{a.Regressed.Average():0.##}"),
                F($"{a.Noisy.Average():0.##}"),
                Markup.Escape(Listed(a.Flagged)));
        }

        AnsiConsole.Write(falseAlarms);
        if (slowdowns.Count == 0)
        {
            return;
        }

        var catches = new Table().Title("Injected slowdowns: caught = the gate failed naming a case of the op; clean = and no other op's kernel")
            .AddColumns("regime", "injected", "measured", "pairs", "caught [[95% CI]]", "clean", "op's cases caught", "other kernels / pair", "also called regressed (pairs)");
        foreach (var s in slowdowns)
        {
            catches.AddRow(
                s.Regime.ToName(),
                Markup.Escape(s.Injection.ToString()),
                double.IsNaN(s.MedianEffect) ? "-" : F($"{100 * s.MedianEffect:+0.0;-0.0}%"),
                F($"{s.Pairs}"),
                Rate(s.Caught.Count(c => c), s.Pairs),
                Rate(s.Clean.Count(c => c), s.Pairs),
                s.TargetCases == 0 ? "none compared" : F($"{s.TargetRegressed}/{s.TargetCases}"),
                F($"{s.Unrelated.Average():0.##}"),
                Markup.Escape(Listed(s.OtherFlagged)));
        }

        AnsiConsole.Write(catches);
    }

    private static string Rate(int hits, int trials)
    {
        var ci = WilsonInterval.Of(hits, trials);
        return F($"{hits}/{trials} = {100.0 * hits / trials:0.#}% [[{100 * ci.Lower:0.#}–{100 * ci.Upper:0.#}%]]");
    }

    private static string Listed(IReadOnlyDictionary<string, int> labels) => labels.Count == 0
        ? "none"
        : string.Join("; ", labels.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => F($"{l.Key} ({l.Value})")));

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..(length - 1)] + "…";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

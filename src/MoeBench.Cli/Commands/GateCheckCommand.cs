using System.CommandLine;
using System.Globalization;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Devices.Cpu;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.GateCheck;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench gate-check</c>: measures the gate's own error rates on this machine. It runs a suite N + 1 times
/// unchanged (N consecutive A/A pairs) and, beside each A/A candidate, once per slowdown size with one op's kernel
/// made slower (<c>MOEBENCH_INJECT_SLOWDOWN</c>); judges every pair as <c>gate</c> does; prints how often the gate
/// fails on unchanged code and how often it catches each slowdown, and what else it flagged; and stores the figures
/// as results of a summary run. Every run it makes is a gate-check run: never history, never a selector's pick.
/// </summary>
public static class GateCheckCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "Suite YAML file to measure", DefaultValueFactory = _ => "suites/quick.yaml" };
        var pairs = new Option<int>("--pairs") { Description = "A/A pairs, and pairs per slowdown size", DefaultValueFactory = _ => 20 };
        var ops = new Option<string[]>("--op")
        {
            Description = $"Op whose kernel is slowed ({string.Join(", ", SlowdownInjection.Supported.Select(o => o.ToName()).Order(StringComparer.Ordinal))}); repeat to rotate over several",
            DefaultValueFactory = _ => [OpKind.GroupedGemm.ToName()],
            AllowMultipleArgumentsPerToken = false,
        };
        var slowdowns = new Option<string>("--slowdowns") { Description = "Injected slowdown sizes, comma-separated; 'none' for A/A pairs only", DefaultValueFactory = _ => "5%,10%" };
        var thresholds = new ThresholdOptions();
        var db = CommonOptions.Db();
        var command = new Command("gate-check", "Measure the gate's false-alarm and catch rates on this machine with A/A and injected-slowdown runs of a suite")
        {
            suite, pairs, ops, slowdowns, db,
        };
        thresholds.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(
            parse.GetValue(suite)!, parse.GetValue(pairs), parse.GetValue(ops) ?? [], parse.GetValue(slowdowns)!, thresholds.Read(parse), parse.GetValue(db)!, cancellation)));
        return command;
    }

    private static int Run(
        string suitePath, int pairCount, IReadOnlyList<string> ops, string slowdownText, ThresholdFlags flags, string dbPath, CancellationToken cancellation)
    {
        var registry = Backends.Load(Console.Error);
        var planned = registry is null ? null : SuitePlanning.Load(suitePath, device: null, filter: null, registry, Console.Error);
        if (planned is null || Sizes(slowdownText) is not { } sizes || !Valid(pairCount, ops, sizes, planned.Suite))
        {
            return ExitCodes.BadInput;
        }

        var plan = GateCheckPlan.Create(pairCount, sizes.Count == 0 ? [] : ops, sizes);
        using var store = StoreAccess.Open(dbPath);
        if (store is null)
        {
            return ExitCodes.BadInput;
        }

        Console.WriteLine(F($"gate-check: {plan.Runs.Count} runs of {planned.Suite.Name} ({planned.Measurements.Count} measurements each) into {dbPath}: {pairCount} A/A pairs{(sizes.Count == 0 ? "" : $", {pairCount} pairs at each of {string.Join(", ", sizes.Select(s => $"+{s * 100:0.##}%"))} on {string.Join(", ", ops)}")}"));
        // The check's runs take turns and no lock of their own: it holds the machine for all of them.
        using var machine = MachineWait.Take($"moebench gate-check --suite {planned.Suite.Name} --db {dbPath}", "", cancellation);
        if (machine is null)
        {
            Console.Error.WriteLine("interrupted while waiting for the machine; nothing was run");
            return ExitCodes.Interrupted;
        }

        var runIds = new List<long>();
        var runs = new GateCheckRuns(suitePath, dbPath);
        try
        {
            GateCheckView.Progress(plan.Runs.Count, "runs", report =>
            {
                foreach (var block in plan.Blocks)
                {
                    var what = F($"runs {block[0].Index + 1}-{block[^1].Index + 1}/{plan.Runs.Count} in turns: {string.Join(", ", block.Select(Describe))}");
                    report(runIds.Count, what, null);
                    runIds.AddRange(runs.MeasureInTurns([.. block.Select(r => r.Injection)], line => report(runIds.Count, what, line), cancellation));
                }

                report(runIds.Count, "measured", null);
            });
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"interrupted after {runIds.Count} of {plan.Runs.Count} runs ({string.Join(", ", runIds)}, stored as gate-check runs); nothing judged or summarised");
            return ExitCodes.Interrupted;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.CaseFailures;
        }

        var judged = GateCheckJudging.Judge(store, plan, runIds, flags);
        if (judged is null)
        {
            return ExitCodes.BadInput;
        }

        var kernelOps = planned.Suite.Cases.Where(c => c.Spec.Level == CaseLevel.Kernel).Select(c => c.Spec.Name).ToHashSet(StringComparer.Ordinal);
        var (aa, injected) = GateCheckTally.Count(judged, kernelOps);
        GateCheckView.Figures(aa, injected);
        var summary = Store(store, planned, plan, runIds, judged, aa, injected);
        Console.WriteLine(F($"reference runs {Ids(plan, runIds, r => r.IsReference)}; twins {Ids(plan, runIds, r => r.Twin)}; injected runs {Ids(plan, runIds, r => r.Injection is not null)}"));
        Console.WriteLine(F($"summary stored as run {summary}: moebench results --run {summary} --json --db {dbPath}"));
        return ExitCodes.Ok;
    }

    private static long Store(
        IResultStore store, SuitePlanning.Plan planned, GateCheckPlan plan, List<long> runIds, IReadOnlyList<JudgedPair> judged,
        IReadOnlyList<AaFigures> aa, IReadOnlyList<SlowdownFigures> injected)
    {
        var device = store.GetResults(runIds[0]).Select(r => r.Result.Device).First();
        var context = RunContextFactory.Create(planned.Suite, GateCheckSettingsJson.Write(planned.Suite, plan, runIds, judged), planned.Devices) with
        {
            Purpose = RunPurpose.GateCheck,
        };
        var id = store.BeginRun(context);
        foreach (var result in GateCheckResults.From(planned.Suite.Name, aa, injected, device, planned.Suite.Settings.Seed))
        {
            store.AddResult(id, result);
        }

        store.FinishRun(id, RunStatus.Complete);
        return id;
    }

    private static string Describe(PlannedRun run) => run.Injection?.ToString() ?? (run.Twin ? "twin" : "reference");

    private static string Ids(GateCheckPlan plan, List<long> runIds, Func<PlannedRun, bool> which) =>
        string.Join(", ", plan.Runs.Where(which).Select(r => runIds[r.Index]));

    /// <summary>"5%,10%" as fractions; "none" for A/A pairs only; null (reason printed) when malformed.</summary>
    private static List<double>? Sizes(string text)
    {
        if (string.Equals(text.Trim(), "none", StringComparison.Ordinal))
        {
            return [];
        }

        var sizes = new List<double>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!RelativeThreshold.TryParse(item, out var size) || size.Fraction <= 0 || size.Fraction > 10)
            {
                Console.Error.WriteLine($"error: --slowdowns '{text}': '{item}' is not a slowdown above 0 and at most 1000% (e.g. 5% or 0.05)");
                return null;
            }

            sizes.Add(size.Fraction);
        }

        if (sizes.Count == 0)
        {
            Console.Error.WriteLine("error: --slowdowns: give at least one size, or 'none' for A/A pairs only");
            return null;
        }

        return [.. sizes.Distinct().Order()];
    }

    /// <summary>
    /// Each op must be one the injection can slow and must have kernel cases in the suite: a catch rate is measured on
    /// the op's own cases, so an op the suite never times has none.
    /// </summary>
    private static bool Valid(int pairs, IReadOnlyList<string> ops, List<double> sizes, Engine.Suites.Suite suite)
    {
        if (pairs < 1)
        {
            Console.Error.WriteLine("error: --pairs must be at least 1");
            return false;
        }

        if (sizes.Count > 0 && ops.Count == 0)
        {
            Console.Error.WriteLine("error: --op: name the op to slow down");
            return false;
        }

        foreach (var op in sizes.Count == 0 ? [] : ops)
        {
            if (!OpNames.TryParse(op, out var kind) || !SlowdownInjection.Supported.Contains(kind))
            {
                Console.Error.WriteLine($"error: --op '{op}': the injection slows {string.Join(", ", SlowdownInjection.Supported.Select(o => o.ToName()).Order(StringComparer.Ordinal))}");
                return false;
            }

            if (!suite.Cases.Any(c => c.Spec.Level == CaseLevel.Kernel && c.Spec.Name == op))
            {
                Console.Error.WriteLine($"error: --op '{op}': {suite.Path} has no {op} kernel case, so nothing could catch its slowdown");
                return false;
            }
        }

        return true;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

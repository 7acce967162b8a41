using System.CommandLine;
using System.Globalization;
using MoeBench.Core.Results;
using MoeBench.Engine.Calibration;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Running;
using MoeBench.Engine.Workloads;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench run</c>: validates the whole plan first (suite, devices, filter), then measures each case and
/// stores it at once. Ctrl-C stops after the current sample, and the run is stored as incomplete.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "Suite YAML file", Required = true };
        var device = new Option<string?>("--device") { Description = "Run on this device instead of the suite's (see `moebench devices`)" };
        var filter = new Option<string?>("--filter") { Description = "Only cases whose label, name or id match: a glob with * and ?, or text found anywhere in them (case-insensitive)" };
        var db = CommonOptions.Db();
        var recalibrate = new Option<bool>("--recalibrate") { Description = "Calibrate every device anew instead of reusing a recent calibration" };
        var maxAge = new Option<double>("--calibration-max-age-hours")
        {
            Description = "Reuse a device's latest calibration while it is younger than this",
            DefaultValueFactory = _ => CalibrationOptions.Default.MaxAge.TotalHours,
        };
        var allowConcurrent = new Option<bool>("--allow-concurrent")
        {
            Description = "Measure even while another MoeBench run holds this machine (by default a run waits for it); the run is stored as contended",
        };
        var gateCheck = new Option<bool>("--gate-check")
        {
            Description = "Store the run as a measurement of the gate itself (as `moebench gate-check` does): never history, never picked by latest, branch:, commit: or last:",
        };
        var turns = new Option<string?>("--turns")
        {
            Description = "Measure in turns with the other runs of group GROUP, as `moebench gate-check` starts them: wait for a line on stdin "
                + $"after printing '{StdioTurns.Waiting}', before starting and before each measurement. Takes no machine lock (the conductor holds it)",
            HelpName = "GROUP",
        };
        var command = new Command("run", "Run a suite and store every result") { suite, device, filter, db, recalibrate, maxAge, allowConcurrent, gateCheck, turns };
        command.SetAction((parse, cancellation) =>
        {
            var hours = parse.GetValue(maxAge);
            if (!(hours >= 0))
            {
                Console.Error.WriteLine("error: --calibration-max-age-hours must be 0 or more");
                return Task.FromResult(ExitCodes.BadInput);
            }

            var calibration = CalibrationOptions.Default with { MaxAge = TimeSpan.FromHours(hours), Force = parse.GetValue(recalibrate) };
            var purpose = parse.GetValue(gateCheck) ? RunPurpose.GateCheck : RunPurpose.Benchmark;
            if (parse.GetValue(turns) is { } group && string.IsNullOrWhiteSpace(group))
            {
                Console.Error.WriteLine("error: --turns needs a group name");
                return Task.FromResult(ExitCodes.BadInput);
            }

            return Task.FromResult(Run(
                parse.GetRequiredValue(suite), parse.GetValue(device), parse.GetValue(filter), parse.GetValue(db)!, calibration,
                parse.GetValue(allowConcurrent), purpose, parse.GetValue(turns), cancellation));
        });
        return command;
    }

    private static int Run(
        string suitePath, string? device, string? filter, string dbPath, CalibrationOptions calibration, bool allowConcurrent,
        RunPurpose purpose, string? turnsGroup, CancellationToken cancellation)
    {
        var registry = Backends.Load(Console.Error);
        var plan = registry is null ? null : SuitePlanning.Load(suitePath, device, filter, registry, Console.Error);
        if (registry is null || plan is null)
        {
            return ExitCodes.BadInput;
        }

        var settings = plan.Suite.Settings;
        using var store = StoreAccess.Open(dbPath);
        if (store is null)
        {
            return ExitCodes.BadInput;
        }

        // A run in turns measures only while its conductor, which holds the machine, gives it the turn.
        var besideAnotherRun = false;
        using var machine = turnsGroup is not null ? null : MachineLock(plan.Suite.Name, dbPath, allowConcurrent, cancellation, out besideAnotherRun);
        if (machine is null && !besideAnotherRun && turnsGroup is null)
        {
            Console.Error.WriteLine("interrupted while waiting for the machine; nothing was run");
            return ExitCodes.Interrupted;
        }

        using var contention = new CpuContentionMonitor(besideAnotherRun);
        var runId = store.BeginRun(RunContextFactory.Create(plan.Suite, RunSettingsJson.Write(plan.Suite, turnsGroup), plan.Devices) with { Purpose = purpose });
        Console.WriteLine($"run {runId}: suite {plan.Suite.Name} ({plan.Measurements.Count} measurements) into {dbPath}");
        var latest = new Dictionary<(string Case, string Device), ResultStatus>();
        var runner = new SuiteRunner(
            registry,
            ServingWiring.Evaluators(new CaseMeasurer(settings.PerRound(), WorkloadCatalog.Default), settings.Seed),
            new CalibrationPolicy(new StoreCalibrationLog(store), calibration));
        try
        {
            RunProgressView.Show(plan.Measurements.Count * settings.Rounds, report => runner.Run(
                plan.Measurements,
                settings.Rounds,
                result =>
                {
                    store.AddResult(runId, result);
                    latest[(result.Case.Id, result.Device.Id)] = result.Status;
                },
                report,
                cancellation,
                turnsGroup is null ? null : new StdioTurns(contention)));
        }
        catch (OperationCanceledException)
        {
            store.SetContention(runId, contention.Observed());
            store.FinishRun(runId, RunStatus.Incomplete);
            Console.Error.WriteLine($"interrupted: run {runId} stored as incomplete");
            return ExitCodes.Interrupted;
        }
        catch (Exception)
        {
            store.SetContention(runId, contention.Observed());
            store.FinishRun(runId, RunStatus.Failed);
            throw;
        }

        var ok = latest.Values.Count(s => s == ResultStatus.Ok);
        var failures = latest.Values.Count(s => s == ResultStatus.Failed);
        var invalid = latest.Values.Count(s => s == ResultStatus.Invalid);
        var observed = contention.Observed();
        store.SetContention(runId, observed);
        store.FinishRun(runId, RunStatus.Complete);
        if (observed.Contended)
        {
            Console.Error.WriteLine($"warning: run {runId} was {observed.Describe()}; its timings are not an idle machine's");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {runId} complete: {ok} ok, {failures} failed, {invalid} invalid, {plan.Measurements.Count - ok - failures - invalid} skipped. See: moebench results --run {runId} --db {dbPath}"));
        return failures > 0 ? ExitCodes.CaseFailures : ExitCodes.Ok;
    }

    /// <summary>
    /// The machine for this run: waits while another run holds it, or with <paramref name="allowConcurrent"/> goes on
    /// beside it without the lock (then <paramref name="besideAnotherRun"/>). Null and not beside: cancelled while waiting.
    /// </summary>
    private static MachineRunLock? MachineLock(
        string suite, string dbPath, bool allowConcurrent, CancellationToken cancellation, out bool besideAnotherRun)
    {
        var directory = MachineRunLock.DefaultDirectory;
        var holder = $"moebench run --suite {suite} --db {dbPath}";
        besideAnotherRun = false;
        if (MachineRunLock.TryTake(directory, holder) is { } taken)
        {
            return taken;
        }

        if (allowConcurrent)
        {
            besideAnotherRun = true;
            Console.Error.WriteLine($"warning: measuring beside {MachineRunLock.DescribeHolder(directory)} (--allow-concurrent); this run will be stored as contended");
            return null;
        }

        return MachineWait.Take(holder, "; --allow-concurrent to measure beside it, stored as contended", cancellation);
    }
}

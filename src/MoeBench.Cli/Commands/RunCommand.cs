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
        var filter = new Option<string?>("--filter") { Description = "Only cases whose label, name or id match this glob" };
        var db = CommonOptions.Db();
        var recalibrate = new Option<bool>("--recalibrate") { Description = "Calibrate every device anew instead of reusing a recent calibration" };
        var maxAge = new Option<double>("--calibration-max-age-hours")
        {
            Description = "Reuse a device's latest calibration while it is younger than this",
            DefaultValueFactory = _ => CalibrationOptions.Default.MaxAge.TotalHours,
        };
        var command = new Command("run", "Run a suite and store every result") { suite, device, filter, db, recalibrate, maxAge };
        command.SetAction((parse, cancellation) =>
        {
            var hours = parse.GetValue(maxAge);
            if (!(hours >= 0))
            {
                Console.Error.WriteLine("error: --calibration-max-age-hours must be 0 or more");
                return Task.FromResult(ExitCodes.BadInput);
            }

            var calibration = CalibrationOptions.Default with { MaxAge = TimeSpan.FromHours(hours), Force = parse.GetValue(recalibrate) };
            return Task.FromResult(Run(
                parse.GetRequiredValue(suite), parse.GetValue(device), parse.GetValue(filter), parse.GetValue(db)!, calibration, cancellation));
        });
        return command;
    }

    private static int Run(
        string suitePath, string? device, string? filter, string dbPath, CalibrationOptions calibration, CancellationToken cancellation)
    {
        var registry = Backends.Registry();
        var plan = SuitePlanning.Load(suitePath, device, filter, registry, Console.Error);
        if (plan is null)
        {
            return ExitCodes.BadInput;
        }

        var settings = plan.Suite.Settings;
        using var store = StoreAccess.Open(dbPath);
        if (store is null)
        {
            return ExitCodes.BadInput;
        }

        var runId = store.BeginRun(RunContextFactory.Create(plan.Suite, RunSettingsJson.Write(plan.Suite), plan.Devices));
        Console.WriteLine($"run {runId}: suite {plan.Suite.Name} ({plan.Measurements.Count} measurements) into {dbPath}");
        var (ok, failures, invalid) = (0, 0, 0);
        var runner = new SuiteRunner(
            registry,
            ServingWiring.Evaluators(new CaseMeasurer(settings.PerRound(), WorkloadCatalog.Default)),
            new CalibrationPolicy(new StoreCalibrationLog(store), calibration));
        try
        {
            RunProgressView.Show(plan.Measurements.Count * settings.Rounds, report => runner.Run(
                plan.Measurements,
                settings.Rounds,
                result =>
                {
                    store.AddResult(runId, result);
                    failures += result.Status == ResultStatus.Failed ? 1 : 0;
                    ok += result.Status == ResultStatus.Ok ? 1 : 0;
                    invalid += result.Status == ResultStatus.Invalid ? 1 : 0;
                },
                report,
                cancellation));
        }
        catch (OperationCanceledException)
        {
            store.FinishRun(runId, RunStatus.Incomplete);
            Console.Error.WriteLine($"interrupted: run {runId} stored as incomplete");
            return ExitCodes.Interrupted;
        }
        catch (Exception)
        {
            store.FinishRun(runId, RunStatus.Failed);
            throw;
        }

        store.FinishRun(runId, RunStatus.Complete);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {runId} complete: {ok} ok, {failures} failed, {invalid} invalid, {plan.Measurements.Count - ok - failures - invalid} skipped. See: moebench results --run {runId} --db {dbPath}"));
        return failures > 0 ? ExitCodes.CaseFailures : ExitCodes.Ok;
    }
}

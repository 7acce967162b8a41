using System.CommandLine;
using MoeBench.Cli.Output;
using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Engine.Calibration;
using MoeBench.Storage;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench devices</c>: every backend's devices, unavailable ones with the reason, and each device's roofs from
/// its latest calibration in the results database (opening a device measures nothing).
/// </summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var json = new Option<bool>("--json") { Description = "Print an array of {id, kind, backend, available, reason, provenance, …} instead of the table" };
        var command = new Command("devices", "List devices, their identity and roofs (peak FLOP/s, bandwidth) from their latest calibration") { db, json };
        command.SetAction(parse =>
        {
            var dbPath = parse.GetValue(db)!;
            if (Backends.Load(Console.Error) is not { } registry)
            {
                return ExitCodes.BadInput;
            }

            // Listing never creates a database; without one every device reads as not calibrated.
            if (!StoreAccess.TryOpenIfPresent(dbPath, out var found))
            {
                return ExitCodes.BadInput;
            }

            using var store = found;
            var now = DateTimeOffset.UtcNow;
            var table = new Table().AddColumns("id", "status", "device", "peak fp32", "peak int dot", "bandwidth");
            var notes = new List<string>();
            var listed = new List<DevicesJson.Listed>();
            foreach (var entry in registry.Discover())
            {
                if (!entry.IsAvailable)
                {
                    listed.Add(new DevicesJson.Listed(entry, null, null));
                    table.AddRow(entry.Id, "[red]unavailable[/]", Markup.Escape(entry.UnavailableReason ?? ""), "", "", "");
                    continue;
                }

                using var device = entry.Open!();
                var calibration = store?.LatestCalibration(device.Info.IdentityKey);
                var info = calibration?.ApplyTo(device.Info) ?? device.Info;
                listed.Add(new DevicesJson.Listed(entry, info, Source(info, calibration, now)));

                table.AddRow(
                    entry.Id,
                    Status(info, calibration, now),
                    Markup.Escape(Description(info)),
                    info.HasRoofs ? RoofText.Flops(info.PeakFlopsF32) : "",
                    info.HasRoofs && info.HasIntegerRoof ? RoofText.Flops(info.PeakFlopsInteger) : "",
                    info.HasRoofs ? RoofText.Tiers(info.MemoryTiers) : "");
                notes.Add($"{entry.Id}: roofs {Source(info, calibration, now)}");
                if (entry.Note is { } note)
                {
                    notes.Add($"{entry.Id}: {note}");
                }

            }

            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                DevicesJson.Write(stdout, listed);
                return ExitCodes.Ok;
            }

            // Below the table, not in it: a narrow terminal would wrap a source across lines.
            AnsiConsole.Write(table);
            foreach (var note in notes)
            {
                AnsiConsole.WriteLine(note);
            }

            AnsiConsole.WriteLine($"roofs: latest calibration in {dbPath}; `moebench calibrate` measures them, `moebench run` does when they are missing or old");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// What a user can expect of the device now: a profile's predictions, or a measured device whose shares of peak
    /// need a calibration (and one whose calibration is too old is measured again by the next run).
    /// </summary>
    /// <summary>Model, cores and ISA where the device has them (a modeled device has neither), then its details.</summary>
    private static string Description(DeviceInfo info)
    {
        var parts = new List<string> { info.Model };
        if (info.Cores > 0)
        {
            parts.Add($"{info.Cores} cores");
        }

        if (info.Isa.Count > 0)
        {
            parts.Add(string.Join(' ', info.Isa));
        }

        return $"{string.Join(", ", parts)}; {info.Details}";
    }

    private static string Status(DeviceInfo info, DeviceCalibration? calibration, DateTimeOffset now) => info.Kind switch
    {
        Provenance.Modeled => "[blue]modeled[/]",
        _ when calibration is null => "[yellow]not calibrated[/]",
        _ when calibration.Age(now) > CalibrationOptions.Default.MaxAge => "[yellow]calibration old[/]",
        _ => "[green]calibrated[/]",
    };

    private static string Source(DeviceInfo info, DeviceCalibration? calibration, DateTimeOffset now) => calibration is null
        ? info.RoofSource
        : $"from {calibration.Source}, {CalibrationAge.Describe(calibration.Age(now))} old";
}

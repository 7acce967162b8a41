using System.CommandLine;
using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Devices;
using MoeBench.Engine.Calibration;
using MoeBench.Engine.Hardware;
using MoeBench.Storage;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench calibrate</c>: measures each device's roofs (peak FLOP/s per dtype and ISA path on 1 and all threads,
/// sustainable memory bandwidth) and stores them with the device identity; runs then measure against them.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var device = new Option<string?>("--device") { Description = "Calibrate only this device (default: every available device that can)" };
        var db = CommonOptions.Db();
        var emit = new Option<string?>("--emit-profile")
        {
            Description = "Also write the device's roofs as a hardware profile (e.g. hardware/this-cpu.yaml): its modeled twin, modeled:NAME (default device: cpu)",
        };
        var command = new Command("calibrate", "Measure devices' roofs (peak FLOP/s, memory bandwidth) and store them") { device, db, emit };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(device), parse.GetValue(db)!, parse.GetValue(emit), cancellation)));
        return command;
    }

    private static int Run(string? deviceId, string dbPath, string? emitPath, CancellationToken cancellation)
    {
        if (emitPath is not null && HardwareProfileLoader.NameError(emitPath) is { } nameError)
        {
            Console.Error.WriteLine($"error: --emit-profile {emitPath}: {nameError}");
            return ExitCodes.BadInput;
        }

        // A profile describes one device: the one named, or the managed CPU whose twin it is by default.
        deviceId ??= emitPath is null ? null : "cpu";
        var registry = Backends.Load(Console.Error);
        if (registry is null)
        {
            return ExitCodes.BadInput;
        }

        var discovered = registry.Discover();
        IReadOnlyList<DeviceEntry> entries = deviceId is null ? discovered
            : registry.Find(deviceId, discovered) is { } found ? [found]
            : [];
        if (deviceId is not null && entries is not [{ IsAvailable: true }])
        {
            Console.Error.WriteLine(entries is [var e]
                ? $"error: device '{deviceId}' is unavailable: {e.UnavailableReason}"
                : $"error: no device '{deviceId}' (see `moebench devices`)");
            return ExitCodes.BadInput;
        }

        using var store = StoreAccess.Open(dbPath);
        if (store is null)
        {
            return ExitCodes.BadInput;
        }

        var policy = new CalibrationPolicy(new StoreCalibrationLog(store), CalibrationOptions.Default);
        foreach (var entry in entries.Where(e => e.IsAvailable))
        {
            using var device = entry.Open!();
            Console.Error.WriteLine($"calibrating {entry.Id}…");
            try
            {
                if (policy.Calibrate(device, cancellation) is { } calibration)
                {
                    Show(calibration);
                    if (emitPath is not null)
                    {
                        ProfileEmitting.Emit(device, calibration, emitPath, cancellation);
                    }
                }
                else if (emitPath is not null)
                {
                    Console.Error.WriteLine($"error: {entry.Id} cannot calibrate, so it has no measured roofs to emit as a profile");
                    return ExitCodes.BadInput;
                }
                else
                {
                    Console.WriteLine($"{entry.Id}: cannot calibrate; roofs: {device.Info.RoofSource}");
                }
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("interrupted: nothing stored for the device being calibrated");
                return ExitCodes.Interrupted;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stored in {dbPath}; `moebench run` uses a device's latest calibration while it is younger than {CalibrationOptions.Default.MaxAge.TotalHours:F0} h"));
        return ExitCodes.Ok;
    }

    /// <summary>One table per device, its calibration named above it: narrow enough that no figure wraps.</summary>
    private static void Show(DeviceCalibration calibration)
    {
        var roofs = calibration.Roofs;
        var table = new Table().AddColumns("roof", "1 thread", string.Create(CultureInfo.InvariantCulture, $"{roofs.Threads} threads"));
        foreach (var peak in roofs.Peaks)
        {
            table.AddRow(Markup.Escape($"peak {peak.DType.ToName()} {peak.Path}"), RoofText.Flops(peak.SingleThreadFlops), RoofText.Flops(peak.AllThreadsFlops));
        }

        foreach (var tier in roofs.MemoryTiers)
        {
            table.AddRow(Markup.Escape($"{tier.Name} bandwidth{RoofText.Capacity(tier.CapacityBytes)}"), "", RoofText.Bandwidth(tier.BandwidthBytesPerSecond));
        }

        foreach (var link in roofs.Links)
        {
            table.AddRow(Markup.Escape($"link {link.Name}"), "", RoofText.Bandwidth(link.BandwidthBytesPerSecond));
        }

        Console.WriteLine($"{calibration.DeviceId}: {calibration.Source} on {calibration.Host}");
        AnsiConsole.Write(table);
    }
}

using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Devices;

namespace MoeBench.Engine.Calibration;

/// <summary>When a run reuses a stored calibration and how hard a new one tries.</summary>
/// <param name="MaxAge">A calibration older than this is measured again: clocks, firmware and neighbours change.</param>
/// <param name="Force">Always calibrate anew (<c>run --recalibrate</c>).</param>
public sealed record CalibrationOptions(TimeSpan MaxAge, bool Force, CalibrationSettings Settings)
{
    public static CalibrationOptions Default { get; } = new(TimeSpan.FromHours(24), Force: false, CalibrationSettings.Default);
}

/// <summary>
/// Roofs from the latest stored calibration of the device's identity while it is younger than
/// <see cref="CalibrationOptions.MaxAge"/>; otherwise the device calibrates itself once and the result is stored,
/// its memory tiers no slower than the previous calibration's on the same host (a roof is the most shown).
/// A device that cannot calibrate keeps the roofs it opens with (a datasheet profile).
/// </summary>
public sealed class CalibrationPolicy(ICalibrationLog log, CalibrationOptions options, TimeProvider? time = null) : IRoofSource
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public DeviceInfo RoofsFor(IDevice device, Action<string> status, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(status);
        if (device is not ICalibratable)
        {
            return device.Info;
        }

        var latest = options.Force ? null : log.Latest(device.Info.IdentityKey);
        if (latest is not null && Fresh(latest))
        {
            status(string.Create(CultureInfo.InvariantCulture,
                $"{device.Info.Id}: roofs from {latest.Source} ({CalibrationAge.Describe(latest.Age(_time.GetUtcNow()))} old)"));
            return latest.ApplyTo(device.Info);
        }

        status($"calibrating {device.Info.Id}…");
        var calibration = Calibrate(device, cancellation)!;
        status($"{device.Info.Id}: roofs from {calibration.Source}");
        return calibration.ApplyTo(device.Info);
    }

    /// <summary>Measures and stores the device's roofs; null for a device that cannot calibrate.</summary>
    public DeviceCalibration? Calibrate(IDevice device, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device is not ICalibratable calibratable)
        {
            return null;
        }

        var roofs = calibratable.Calibrate(options.Settings, cancellation);
        var host = Environment.MachineName;
        if (log.Latest(device.Info.IdentityKey) is { } previous && previous.Host == host)
        {
            // Each calibration carries the best memory figures of the one before: the maximum the device has shown here.
            roofs = roofs.WithMemoryAtLeast(previous.Roofs);
        }

        var calibration = DeviceCalibration.Of(device.Info, roofs, _time.GetUtcNow(), host);
        return calibration with { Id = log.Save(calibration) };
    }

    /// <summary>Young enough; one from the future (a clock set back) is not trusted.</summary>
    private bool Fresh(DeviceCalibration calibration)
    {
        var age = calibration.Age(_time.GetUtcNow());
        return age >= TimeSpan.Zero && age <= options.MaxAge;
    }
}

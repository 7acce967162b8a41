using System.Globalization;

namespace MoeBench.Core.Calibration;

/// <summary>
/// One stored calibration of a device identity: its roofs, when and where they were measured. Results of a run
/// are measured against the calibration that <see cref="ApplyTo"/> wrote into their <see cref="DeviceInfo"/>.
/// </summary>
/// <param name="Id">The store's id; 0 until stored.</param>
/// <param name="DeviceKey">The device's <see cref="DeviceInfo.IdentityKey"/>: roofs are only reused for the same identity.</param>
public sealed record DeviceCalibration(long Id, string DeviceId, string DeviceKey, DateTimeOffset MeasuredUtc, string Host, DeviceRoofs Roofs)
{
    public static DeviceCalibration Of(DeviceInfo device, DeviceRoofs roofs, DateTimeOffset measuredUtc, string host)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new DeviceCalibration(0, device.Id, device.IdentityKey, measuredUtc, host, roofs);
    }

    /// <summary>How results name their roofs: <c>calibration #7 2026-11-23T18:00Z</c>.</summary>
    public string Source => string.Create(CultureInfo.InvariantCulture, $"calibration #{Id} {MeasuredUtc.UtcDateTime:yyyy-MM-dd'T'HH:mm}Z");

    public TimeSpan Age(DateTimeOffset now) => now - MeasuredUtc;

    /// <summary>The device with this calibration's roofs; refuses a device of another identity.</summary>
    public DeviceInfo ApplyTo(DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.IdentityKey != DeviceKey)
        {
            throw new ArgumentException($"calibration #{Id} belongs to device identity {DeviceKey}, not {device.Id} ({device.IdentityKey})", nameof(device));
        }

        return device with
        {
            Peaks = Roofs.Peaks,
            MemoryTiers = Roofs.MemoryTiers,
            Links = Roofs.Links,
            RoofSource = Source,
        };
    }
}

using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Devices.Modeled;

/// <summary>
/// A profile as the <see cref="DeviceInfo"/> stored with every prediction: provenance modeled, the roof source naming the
/// profile and its hash, the roof lists from its dense figures. Peaks of element types MoeBench has no
/// <see cref="DType"/> for (tf32, fp16, fp8) and sparse figures stay in the profile: no case runs on them.
/// </summary>
public static class ProfileDeviceInfo
{
    public const string Backend = "modeled";

    public static DeviceInfo Of(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var peaks = new List<PeakRoof>();
        foreach (var peak in profile.Peaks)
        {
            if (DTypeNames.TryParse(peak.DType, out var dtype))
            {
                peaks.Add(new PeakRoof(dtype, peak.Path, double.NaN, peak.Dense.Value));
            }
        }

        var tiers = profile.Memory
            .Select(t => new MemoryTier(t.Name, (long)t.CapacityBytes.Value, t.BandwidthBytesPerSecond.Value, t.LatencySeconds?.Value ?? double.NaN))
            .ToList();
        var links = profile.Links
            .Select(l => new DeviceLink($"{l.Between}:{l.Name}", l.BandwidthBytesPerSecond.Value, l.LatencySeconds?.Value ?? double.NaN))
            .ToList();
        return new DeviceInfo(
            profile.DeviceId, Backend, profile.Vendor, profile.Model, 0, [], tiers.Count > 0 ? tiers[0].CapacityBytes : 0,
            double.NaN, double.NaN, profile.RoofSource, Provenance.Modeled, Details(profile))
        {
            Peaks = peaks,
            MemoryTiers = tiers,
            Links = links,
        };
    }

    private static string Details(HardwareProfile profile)
    {
        // Part of the identity, so no model figure here (the roof source's hash tracks those): what the device is, its
        // rated power (a different TDP is a different part), that nothing runs on it, and whose twin it is.
        List<string> parts = [$"{profile.Class.ToName()} profile: predicted, never run (no float64 validation)"];
        if (profile.TdpWatts is { } tdp)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"TDP {tdp.Value:G4} W"));
        }

        if (profile.TwinOf is { } twin)
        {
            parts.Add(twin.Text);
        }

        return string.Join("; ", parts);
    }
}

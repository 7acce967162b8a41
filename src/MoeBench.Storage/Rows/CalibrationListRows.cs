using MoeBench.Core.Calibration;

namespace MoeBench.Storage;

/// <summary>One <c>calibration_memory_tiers</c> row; <see cref="Position"/> keeps the device's order (0 = main memory).</summary>
internal sealed class CalibrationTierRow
{
    public long CalibrationId { get; set; }

    public long Position { get; set; }

    public string Name { get; set; } = "";

    public long CapacityBytes { get; set; }

    public double BandwidthBytesPerSecond { get; set; }

    public double? LatencySeconds { get; set; }

    public static IEnumerable<CalibrationTierRow> From(long calibrationId, IReadOnlyList<MemoryTier> tiers) =>
        tiers.Select((t, i) => new CalibrationTierRow
        {
            CalibrationId = calibrationId,
            Position = i,
            Name = t.Name,
            CapacityBytes = t.CapacityBytes,
            BandwidthBytesPerSecond = t.BandwidthBytesPerSecond,
            LatencySeconds = RowValues.ToReal(t.LatencySeconds),
        });

    public MemoryTier ToTier() => new(Name, CapacityBytes, BandwidthBytesPerSecond, RowValues.FromReal(LatencySeconds));
}

/// <summary>One <c>calibration_links</c> row.</summary>
internal sealed class CalibrationLinkRow
{
    public long CalibrationId { get; set; }

    public string Name { get; set; } = "";

    public double BandwidthBytesPerSecond { get; set; }

    public double? LatencySeconds { get; set; }

    public static CalibrationLinkRow From(long calibrationId, DeviceLink link) => new()
    {
        CalibrationId = calibrationId,
        Name = link.Name,
        BandwidthBytesPerSecond = link.BandwidthBytesPerSecond,
        LatencySeconds = RowValues.ToReal(link.LatencySeconds),
    };

    public DeviceLink ToLink() => new(Name, BandwidthBytesPerSecond, RowValues.FromReal(LatencySeconds));
}

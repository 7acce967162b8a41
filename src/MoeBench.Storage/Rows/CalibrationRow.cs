using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Storage;

/// <summary>
/// One <c>calibrations</c> row as Dapper reads and writes it; its lists are <see cref="CalibrationPeakRow"/>s,
/// <see cref="CalibrationTierRow"/>s and <see cref="CalibrationLinkRow"/>s.
/// </summary>
internal sealed class CalibrationRow
{
    public long Id { get; set; }

    public string DeviceKey { get; set; } = "";

    public string DeviceId { get; set; } = "";

    public string MeasuredUtc { get; set; } = "";

    public string Host { get; set; } = "";

    public long Threads { get; set; }

    public double BandwidthBytesPerSecond { get; set; }

    public string Method { get; set; } = "";

    public string Details { get; set; } = "{}";

    public static CalibrationRow From(DeviceCalibration c) => new()
    {
        DeviceKey = c.DeviceKey,
        DeviceId = c.DeviceId,
        MeasuredUtc = RowValues.ToText(c.MeasuredUtc),
        Host = c.Host,
        Threads = c.Roofs.Threads,
        BandwidthBytesPerSecond = c.Roofs.BandwidthBytesPerSecond,
        Method = c.Roofs.Method,
        Details = RowValues.ToJson(new SortedDictionary<string, double>(c.Roofs.Details.ToDictionary(), StringComparer.Ordinal)),
    };

    public DeviceCalibration ToCalibration(
        IEnumerable<CalibrationPeakRow> peaks, IEnumerable<CalibrationTierRow> tiers, IEnumerable<CalibrationLinkRow> links) => new(
        Id,
        DeviceId,
        DeviceKey,
        RowValues.ParseTimestamp(MeasuredUtc),
        Host,
        new DeviceRoofs(
            RowValues.ToInt(Threads, "calibrations.threads"),
            [.. peaks.Select(p => p.ToPeak())],
            [.. tiers.Select(t => t.ToTier())],
            [.. links.Select(l => l.ToLink())],
            Method,
            RowValues.FromJson<Dictionary<string, double>>(Details, "calibrations.details")));
}

/// <summary>One <c>calibration_peaks</c> row.</summary>
internal sealed class CalibrationPeakRow
{
    public long CalibrationId { get; set; }

    public string DType { get; set; } = "";

    public string Path { get; set; } = "";

    public double SingleThreadFlops { get; set; }

    public double AllThreadsFlops { get; set; }

    public static CalibrationPeakRow From(long calibrationId, PeakRoof peak) => new()
    {
        CalibrationId = calibrationId,
        DType = peak.DType.ToName(),
        Path = peak.Path,
        SingleThreadFlops = peak.SingleThreadFlops,
        AllThreadsFlops = peak.AllThreadsFlops,
    };

    public PeakRoof ToPeak() => DTypeNames.TryParse(DType, out var dtype)
        ? new PeakRoof(dtype, Path, SingleThreadFlops, AllThreadsFlops)
        : throw new InvalidDataException($"column calibration_peaks.dtype holds unknown dtype '{DType}'");
}

using Dapper;
using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Storage.Tests;

/// <summary>Calibrations round-trip through a real SQLite file, and "latest" is per device identity by measurement time.</summary>
public sealed class CalibrationStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private static DeviceCalibration Calibration(string key, DateTimeOffset measured, double bandwidth = 2.5e10) => new(
        0,
        "cpu",
        key,
        measured,
        "host-a",
        new DeviceRoofs(
            16,
            [new PeakRoof(DType.F32, "vector256", 1.1e11, 1.6e12), new PeakRoof(DType.F32, "vector512", 2.2e11, 3.3e12)],
            [new MemoryTier("dram", 64L << 30, bandwidth, double.NaN), new MemoryTier("l3", 32L << 20, 4e11, 1.2e-8)],
            [new DeviceLink("host-device", 2.5e10, 1e-6)],
            "fma loop; triad",
            new Dictionary<string, double> { ["last_level_cache_bytes"] = 32 << 20, ["triad_bytes_per_s"] = 2.4e10 }));

    [Fact]
    public void A_calibration_reads_back_as_it_was_saved_with_its_new_id()
    {
        var saved = Calibration("aaaa", T0.AddTicks(1234567));
        long id;
        using (var store = _temp.Open())
        {
            id = store.SaveCalibration(saved);
        }

        using var reopened = _temp.Open();
        var read = reopened.LatestCalibration("aaaa")!;

        Assert.True(id > 0);
        Assert.Equal(saved with { Id = id, Roofs = read.Roofs }, read);
        Assert.Equal(saved.Roofs.Peaks.OrderBy(p => p.Path), read.Roofs.Peaks);
        Assert.Equal(saved.Roofs.MemoryTiers, read.Roofs.MemoryTiers);
        Assert.Equal(saved.Roofs.Links, read.Roofs.Links);
        Assert.Equal(saved.Roofs.Details.OrderBy(d => d.Key), read.Roofs.Details.OrderBy(d => d.Key));
        Assert.Equal((saved.Roofs.Threads, saved.Roofs.BandwidthBytesPerSecond, saved.Roofs.Method), (read.Roofs.Threads, read.Roofs.BandwidthBytesPerSecond, read.Roofs.Method));
        Assert.Equal(3.3e12, read.Roofs.PeakFlops(DType.F32));
    }

    [Fact]
    public void Latest_is_the_newest_measurement_of_that_identity_only()
    {
        using var store = _temp.Open();
        store.SaveCalibration(Calibration("aaaa", T0, bandwidth: 1));
        store.SaveCalibration(Calibration("aaaa", T0.AddHours(2), bandwidth: 3));
        store.SaveCalibration(Calibration("aaaa", T0.AddHours(1), bandwidth: 2)); // saved later, measured earlier
        store.SaveCalibration(Calibration("bbbb", T0.AddHours(5), bandwidth: 9));

        Assert.Equal(3, store.LatestCalibration("aaaa")!.Roofs.BandwidthBytesPerSecond);
        Assert.Equal(9, store.LatestCalibration("bbbb")!.Roofs.BandwidthBytesPerSecond);
        Assert.Null(store.LatestCalibration("cccc"));
    }

    [Fact]
    public void Latest_calibration_is_served_by_an_index()
    {
        using (_temp.Open())
        {
        }

        using var connection = _temp.Connect();
        var plan = string.Join(" | ", connection.Query<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN SELECT id FROM calibrations WHERE device_key = @K ORDER BY measured_utc DESC, id DESC LIMIT 1",
            new { K = "x" }).Select(r => r.Detail));

        Assert.Contains("ix_calibrations_device", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }
}

using Dapper;
using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Storage.Tests;

/// <summary>
/// Roofs as lists (migration 7): a result keeps its peaks per path, memory tiers and links and the timer it was measured
/// by; results and calibrations stored before read back as lists built from their single figures.
/// </summary>
public sealed class RoofListStoreTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_results_roof_lists_and_timer_read_back_entry_for_entry()
    {
        var device = SampleData.Device() with
        {
            Peaks = [new PeakRoof(DType.F32, "vector256", 1.1e11, 1.6e12), new PeakRoof(DType.F32, "vector512", double.NaN, 3.3e12), new PeakRoof(DType.I8, "vector512-vpmaddwd", 3e11, 6e12)],
            MemoryTiers = [new MemoryTier("hbm", 80L << 30, 3.35e12, double.NaN), new MemoryTier("l2", 50L << 20, 1e13, 2e-7)],
            Links = [new DeviceLink("host-device", 6.4e10, 1e-6), new DeviceLink("nvlink", 4.5e11, double.NaN)],
            Timer = "cuda-events",
        };
        var result = SampleData.Ok() with { Device = device };
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, result);

        var read = Assert.Single(store.GetResults(runId)).Result.Device;

        ResultAssert.Same(device, read);
        Assert.Equal(3.3e12, read.PeakFlopsF32);
        Assert.Equal(6e12, read.PeakFlopsInteger);
        Assert.Equal(3.35e12, read.BandwidthBytesPerSecond);
    }

    [Fact]
    public void A_result_stored_before_roof_lists_reads_back_with_lists_from_its_single_figures_and_the_host_clock()
    {
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, SampleData.Ok());
        // What a result written by schema version 6 holds: the single figures only.
        _temp.Execute("UPDATE results SET device_roofs = NULL, device_timer = NULL");

        var read = Assert.Single(store.GetResults(runId)).Result.Device;

        Assert.Equal([new PeakRoof(DType.F32, "unrecorded", double.NaN, 3.2e12), new PeakRoof(DType.I8, "unrecorded", double.NaN, 6.4e12)], read.Peaks);
        Assert.Equal([new MemoryTier(MemoryTier.Unnamed, 0, 4.6e11, double.NaN)], read.MemoryTiers);
        Assert.Empty(read.Links);
        Assert.Equal(DeviceInfo.HostClockTimer, read.Timer);
    }

    [Fact]
    public void A_calibration_stored_at_version_5_gains_its_bandwidth_as_a_dram_tier()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.Path)!);
        using (var connection = _temp.Connect())
        {
            connection.Execute(SqliteSql.CreateSchemaVersion);
            foreach (var migration in SqliteMigrator.All.Take(5))
            {
                connection.Execute(migration.Sql);
                connection.Execute(SqliteSql.RecordVersion, new { migration.Version, migration.Name, AppliedUtc = "2026-01-01T00:00:00.0000000Z" });
            }

            connection.Execute("""
                INSERT INTO calibrations (device_key, device_id, measured_utc, host, threads, bandwidth_bytes_per_s, method, details)
                VALUES ('aaaa', 'cpu', '2026-11-23T18:00:00.0000000Z', 'host-a', 2, 3.5e10, 'fma; triad', '{}');
                INSERT INTO calibration_peaks (calibration_id, dtype, path, flops_single_thread, flops_all_threads)
                VALUES (1, 'f32', 'vector512', 1.2e11, 2.35e11);
                """);
        }

        using var store = _temp.Open();
        var roofs = store.LatestCalibration("aaaa")!.Roofs;

        Assert.Equal([new MemoryTier("dram", 0, 3.5e10, double.NaN)], roofs.MemoryTiers);
        Assert.Empty(roofs.Links);
        Assert.Equal(3.5e10, roofs.BandwidthBytesPerSecond);
        Assert.Equal(2.35e11, roofs.PeakFlops(DType.F32));
    }
}

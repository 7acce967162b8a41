using MoeBench.Core.Ops;
using MoeBench.Core.Results;

namespace MoeBench.Core.Tests.Ops;

/// <summary>% of peak is against the roof that bounds the op at its arithmetic intensity.</summary>
public sealed class MetricsTests
{
    // Ridge point at 10 FLOP/byte.
    private static readonly DeviceInfo Device = new("d", "b", "v", "m", 1, [], 0, 1e12, 1e11, "calibration #1 2026-11-23T18:00Z", Provenance.Measured);

    [Fact]
    public void Above_the_ridge_the_compute_roof_bounds()
    {
        // 1e9 FLOP over 1e7 bytes (intensity 100) in 2 ms: 500 GFLOP/s of a 1000 GFLOP/s peak.
        var m = Metrics.From(new OpCost(1e9, 1e7), 2e6, 0, Device);

        Assert.Equal("compute", m.Bound);
        Assert.Equal(50, m.PctOfPeak, 1e-9);
        Assert.Null(m.TokensPerSecond);
    }

    [Fact]
    public void Below_the_ridge_the_bandwidth_roof_bounds()
    {
        // 1e8 FLOP over 1e8 bytes (intensity 1) in 4 ms: 25 GB/s of 100 GB/s; 25 GFLOP/s would read as 2.5% of compute.
        var m = Metrics.From(new OpCost(1e8, 1e8), 4e6, 4, Device);

        Assert.Equal("memory", m.Bound);
        Assert.Equal(25, m.PctOfPeak, 1e-9);
        Assert.Equal(1000, m.TokensPerSecond!.Value, 1e-9);
    }

    [Fact]
    public void Without_roofs_the_share_is_unknown_not_a_number_against_nothing()
    {
        var m = Metrics.From(new OpCost(1e8, 1e8), 4e6, 0, Device with { PeakFlopsF32 = double.NaN, BandwidthBytesPerSecond = double.NaN, RoofSource = DeviceInfo.NotCalibrated });

        Assert.Equal("unknown", m.Bound);
        Assert.True(double.IsNaN(m.PctOfPeak));
        Assert.Equal(25, m.Gbps, 1e-9);
    }
}

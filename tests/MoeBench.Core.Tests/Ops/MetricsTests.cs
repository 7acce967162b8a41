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
    public void Integer_flops_are_held_to_the_integer_peak_where_the_device_has_one()
    {
        // 1e9 FLOP, all int8 products, over 1e7 bytes in 1 ms: 1000 GFLOP/s, the whole fp32 peak but half an
        // integer peak of 2000. Without an integer peak they count against fp32 (and read 100%, not more).
        var cost = new OpCost(1e9, 1e7, IntegerFlops: 1e9);

        var withInteger = Metrics.From(cost, 1e6, 0, Device with { PeakFlopsInteger = 2e12 });
        var without = Metrics.From(cost, 1e6, 0, Device);

        Assert.Equal("compute", withInteger.Bound);
        Assert.Equal(50, withInteger.PctOfPeak, 1e-9);
        Assert.Equal(100, without.PctOfPeak, 1e-9);
    }

    [Fact]
    public void A_faster_integer_roof_can_move_the_bound_to_memory()
    {
        // 1e9 FLOP, all integer, over 6.67e7 bytes (intensity 15): above the fp32 ridge (10), below the integer
        // ridge (20). Memory time 0.667 ms; in 1 ms that is 66.7% of the bandwidth roof.
        var m = Metrics.From(new OpCost(1e9, 1e9 / 15, 1e9), 1e6, 0, Device with { PeakFlopsInteger = 2e12 });

        Assert.Equal("memory", m.Bound);
        Assert.Equal(100.0 / 1.5, m.PctOfPeak, 1e-9);
    }

    [Fact]
    public void A_mixed_cost_takes_each_part_at_its_own_peak()
    {
        // 1e9 fp32 FLOP at 1000 GFLOP/s (1 ms) plus 2e9 integer FLOP at 2000 (1 ms): 2 ms at best; in 4 ms, 50%.
        var m = Metrics.From(new OpCost(1e9, 1e6) + new OpCost(2e9, 1e6, 2e9), 4e6, 0, Device with { PeakFlopsInteger = 2e12 });

        Assert.Equal("compute", m.Bound);
        Assert.Equal(50, m.PctOfPeak, 1e-9);
    }

    [Fact]
    public void Probed_samples_are_each_held_to_the_bandwidth_beside_them()
    {
        // 1e8 bytes (memory-bound): 1 ms at 100 GB/s and 2 ms at 50 GB/s are both the whole bandwidth of their moment,
        // where against one roof of 100 GB/s the median would read 67%.
        var m = Metrics.FromProbedSamples(new OpCost(1e8, 1e8), [1e6, 2e6], [1e11, 5e10], 1.5e6, 0, Device);

        Assert.Equal("memory", m.Bound);
        Assert.Equal(100, m.PctOfPeak, 1e-9);
        Assert.Equal(Metrics.From(new OpCost(1e8, 1e8), 1.5e6, 0, Device).Gbps, m.Gbps, 1e-12);
    }

    [Fact]
    public void Probed_bandwidths_must_match_the_samples_one_to_one()
    {
        Assert.Throws<ArgumentException>(() => Metrics.FromProbedSamples(new OpCost(1e8, 1e8), [1e6, 2e6], [1e11], 1.5e6, 0, Device));
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

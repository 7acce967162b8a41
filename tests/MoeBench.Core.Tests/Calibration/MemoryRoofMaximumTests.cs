using MoeBench.Core.Calibration;

namespace MoeBench.Core.Tests.Calibration;

/// <summary>A calibration's memory roofs are the most the device has shown: never below an earlier calibration's.</summary>
public sealed class MemoryRoofMaximumTests
{
    private static DeviceRoofs Roofs(double dram, double l2) => new(
        2,
        [new PeakRoof(DType.F32, "vector512", 1e11, 2e11)],
        [new MemoryTier("dram", 1L << 34, dram, double.NaN), new MemoryTier("l2", 2L << 20, l2, double.NaN)],
        [],
        "test",
        new Dictionary<string, double> { ["attempts"] = 5 });

    [Fact]
    public void A_tier_measured_below_what_was_shown_before_keeps_the_earlier_figure_and_records_the_new_one()
    {
        var raised = Roofs(dram: 3.5e10, l2: 6e11).WithMemoryAtLeast(Roofs(dram: 6.9e10, l2: 5e11));

        Assert.Equal(6.9e10, raised.BandwidthBytesPerSecond);
        Assert.Equal(6e11, raised.MemoryTiers[1].BandwidthBytesPerSecond); // measured higher now: kept
        Assert.Equal(3.5e10, raised.Details["dram_measured_bytes_per_s"]);
        Assert.False(raised.Details.ContainsKey("l2_measured_bytes_per_s"));
        Assert.Equal(5, raised.Details["attempts"]);
    }

    [Fact]
    public void Tiers_the_earlier_calibration_lacks_are_kept_as_measured()
    {
        var earlier = Roofs(dram: 1e11, l2: 1e12) with { MemoryTiers = [new MemoryTier("dram", 0, 1e11, double.NaN)] };

        var raised = Roofs(dram: 5e10, l2: 6e11).WithMemoryAtLeast(earlier);

        Assert.Equal([1e11, 6e11], raised.MemoryTiers.Select(t => t.BandwidthBytesPerSecond));
    }
}

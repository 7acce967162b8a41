using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;

namespace MoeBench.Core.Tests.Calibration;

/// <summary>A hot case is held to the cache tier its working set fits in, a cold one to main memory.</summary>
public sealed class MemoryTierChoiceTests
{
    private static readonly MemoryTier Dram = new("dram", 16L << 30, 5e10, double.NaN);
    private static readonly MemoryTier L1 = new("l1", 64L << 10, 1e12, double.NaN);
    private static readonly MemoryTier L2 = new("l2", 2L << 20, 5e11, double.NaN);
    private static readonly MemoryTier L3 = new("l3", 32L << 20, 2e11, double.NaN);
    private static readonly IReadOnlyList<MemoryTier> Tiers = [Dram, L3, L1, L2];

    [Theory]
    [InlineData(16 << 10, "l1")]
    [InlineData(64 << 10, "l1")] // exactly the capacity still fits
    [InlineData((64 << 10) + 1, "l2")]
    [InlineData(1 << 20, "l2")]
    [InlineData(20 << 20, "l3")]
    public void A_hot_working_set_is_held_to_the_smallest_tier_that_holds_it(long workingSet, string tier)
    {
        Assert.Equal(tier, Roof(Tiers, workingSet, CacheState.Hot).Tier);
    }

    [Fact]
    public void A_hot_working_set_past_the_last_cache_is_held_to_the_caches_and_main_memory_together()
    {
        // 66 MB against 34 MB of caches (l1 + l2 + l3, 64 KB + 2 MB + 32 MB): at least 32 MB must come from DRAM
        // (0.64 ms at 50 GB/s), longer than the cached 34 MB from l3 (0.17 ms at 200 GB/s).
        var cached = (64L << 10) + (2L << 20) + (32L << 20);
        var workingSet = cached + (32L << 20);

        var roof = Roof(Tiers, workingSet, CacheState.Hot);

        Assert.Equal("l3+dram", roof.Tier);
        Assert.Equal(workingSet / ((32L << 20) / 5e10), roof.BandwidthBytesPerSecond, 1e-3);
    }

    [Fact]
    public void A_working_set_just_past_the_caches_is_held_to_the_last_caches_bandwidth_and_far_past_them_nears_main_memorys()
    {
        var cached = (64L << 10) + (2L << 20) + (32L << 20);

        var justPast = Roof(Tiers, cached + 1, CacheState.Hot);
        var farPast = Roof(Tiers, 1000.0 * cached, CacheState.Hot);

        Assert.Equal(2e11, justPast.BandwidthBytesPerSecond, 1e5); // 1 byte from DRAM; the l3 part takes longer
        Assert.InRange(farPast.BandwidthBytesPerSecond, 5e10, 5.01e10);
    }

    [Fact]
    public void A_cold_case_is_held_to_main_memory_however_small_its_working_set()
    {
        Assert.Equal(new MemoryRoof("dram", 5e10), Roof(Tiers, 1024, CacheState.Cold));
    }

    [Fact]
    public void Tiers_of_unknown_capacity_or_bandwidth_are_never_chosen()
    {
        IReadOnlyList<MemoryTier> tiers = [Dram, L1 with { CapacityBytes = 0 }, L2 with { BandwidthBytesPerSecond = double.NaN }];

        Assert.Equal("dram", Roof(tiers, 1024, CacheState.Hot).Tier);
        Assert.Null(MemoryTierChoice.Roof([], 1024, CacheState.Hot, 5e10));
    }

    private static MemoryRoof Roof(IReadOnlyList<MemoryTier> tiers, double workingSet, CacheState cache) =>
        MemoryTierChoice.Roof(tiers, workingSet, cache, tiers[0].BandwidthBytesPerSecond)!;

    [Fact]
    public void A_hot_cases_share_is_against_its_cache_tier_and_names_it()
    {
        // 1 MB moved in 4 µs: 250 GB/s. Against DRAM's 50 GB/s that would read 500%; the 1 MB fits L2 (500 GB/s): 50%.
        var device = new DeviceInfo("d", "b", "v", "m", 2, [], 0, 1e13, 5e10, "calibration #1", Provenance.Measured) { MemoryTiers = Tiers };
        var cost = new OpCost(1e6, 1e6);

        var hot = Metrics.From(cost, 4000, 0, device, CacheState.Hot);
        var cold = Metrics.From(cost, 4000, 0, device, CacheState.Cold);

        Assert.Equal(("memory", "l2", 50.0, false), (hot.Bound, hot.RoofTier, Math.Round(hot.PctOfPeak, 9), hot.RoofExceeded));
        Assert.Equal("memory (l2)", hot.BoundLabel);
        Assert.Equal(("dram", 500.0, true), (cold.RoofTier, Math.Round(cold.PctOfPeak, 9), cold.RoofExceeded));
    }

    [Fact]
    public void A_cache_tier_measured_slower_than_main_memory_never_lowers_the_roof()
    {
        var device = new DeviceInfo("d", "b", "v", "m", 2, [], 0, 1e13, 5e10, "calibration #1", Provenance.Measured)
        {
            MemoryTiers = [Dram, L2 with { BandwidthBytesPerSecond = 1e10 }],
        };

        var m = Metrics.From(new OpCost(1e6, 1e6), 4e4, 0, device, CacheState.Hot);

        Assert.Equal(50, m.PctOfPeak, 1e-9); // 25 GB/s of DRAM's 50, not 250% of the 10 measured for l2
    }
}

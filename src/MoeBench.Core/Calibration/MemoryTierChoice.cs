using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Core.Calibration;

/// <summary>
/// Which memory tier a case's bytes are held to. A cold case rotates its inputs out of every cache, so its bytes come
/// from main memory (the first tier). A hot case keeps its working set — the bytes one invocation moves, from the op's
/// cost — wherever it fits: the smallest cache tier whose capacity holds it, the fastest roof that could serve it, so
/// a result can never beat the roof by running from a faster level than the one it is held to. A working set that fits
/// no cache tier is held to main memory as a cold one is.
/// </summary>
public static class MemoryTierChoice
{
    /// <summary>The tier <paramref name="workingSetBytes"/> is held to; null where <paramref name="tiers"/> is empty.</summary>
    public static MemoryTier? For(IReadOnlyList<MemoryTier> tiers, double workingSetBytes, CacheState cache)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        if (tiers.Count == 0)
        {
            return null;
        }

        if (cache == CacheState.Cold)
        {
            return tiers[0];
        }

        MemoryTier? fits = null;
        for (var i = 1; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var usable = tier.CapacityBytes > 0 && double.IsFinite(tier.BandwidthBytesPerSecond) && tier.BandwidthBytesPerSecond > 0;
            if (usable && workingSetBytes <= tier.CapacityBytes && (fits is null || tier.CapacityBytes < fits.CapacityBytes))
            {
                fits = tier;
            }
        }

        return fits ?? tiers[0];
    }
}

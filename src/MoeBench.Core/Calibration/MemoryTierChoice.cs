using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Core.Calibration;

/// <summary>The memory roof one result is held to: the tier (or tiers) its bytes come from and their bandwidth.</summary>
/// <param name="Tier">
/// A tier's name (<c>dram</c>, <c>l2</c>, …), or two joined by <c>+</c> (<c>l3+dram</c>) for a hot working set that
/// spills past the last cache: its first part served by the caches, the rest by main memory.
/// </param>
/// <param name="BandwidthBytesPerSecond">The working set over the shortest time these tiers can deliver it.</param>
public sealed record MemoryRoof(string Tier, double BandwidthBytesPerSecond);

/// <summary>
/// Which memory roof a case's bytes are held to. A cold case rotates its inputs out of every cache, so its bytes come
/// from main memory (the first tier). A hot case keeps its working set — the bytes one invocation moves, from the op's
/// cost — wherever it fits: the smallest cache tier whose capacity holds it, the fastest roof that could serve it, so
/// a result can never beat the roof by running from a faster level than the one it is held to.
/// <para>
/// A hot working set larger than every cache is not all main memory's: the caches still hold up to their combined
/// capacity of it from one invocation to the next (a victim L3 keeps part of a cyclic stream), and a 44 MB hot
/// working set on a 32 MB L3 ran at 1.5× main memory's bandwidth. Only the bytes beyond the caches' capacity must
/// come from main memory; the roof is the longer of their time at main memory's bandwidth and the cached part's at
/// the last cache's — the shortest time any split could take, so no result can beat it.
/// </para>
/// </summary>
public static class MemoryTierChoice
{
    /// <summary>
    /// The roof <paramref name="workingSetBytes"/> is held to; null where <paramref name="tiers"/> is empty. A cache
    /// tier is never held below <paramref name="mainBandwidth"/> (the device's main-memory roof): a cache measured
    /// slower than main memory was measured wrong, and a roof must be at least anything the device has shown.
    /// </summary>
    public static MemoryRoof? Roof(IReadOnlyList<MemoryTier> tiers, double workingSetBytes, CacheState cache, double mainBandwidth)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        if (tiers.Count == 0)
        {
            return null;
        }

        var main = new MemoryRoof(tiers[0].Name, mainBandwidth);
        if (cache == CacheState.Cold)
        {
            return main;
        }

        var caches = tiers.Skip(1)
            .Where(t => t.CapacityBytes > 0 && double.IsFinite(t.BandwidthBytesPerSecond) && t.BandwidthBytesPerSecond > 0)
            .OrderBy(t => t.CapacityBytes)
            .ToList();
        if (caches.Count == 0)
        {
            return main;
        }

        double Bandwidth(MemoryTier t) => Math.Max(t.BandwidthBytesPerSecond, mainBandwidth);
        if (caches.FirstOrDefault(t => workingSetBytes <= t.CapacityBytes) is { } fits)
        {
            return new MemoryRoof(fits.Name, Bandwidth(fits));
        }

        var last = caches[^1];
        var cached = (double)caches.Sum(t => t.CapacityBytes);
        var seconds = Math.Max((workingSetBytes - cached) / mainBandwidth, Math.Min(workingSetBytes, cached) / Bandwidth(last));
        return new MemoryRoof($"{last.Name}+{main.Tier}", workingSetBytes / seconds);
    }
}

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// What a register tile prefetches while it computes, so B streams from memory while the FMA pipes are busy
/// instead of between tiles. Each trip of the tile's loop (two k steps) prefetches the lines at
/// <see cref="Next"/> (2 for 16-wide, 4 for 32-wide panels), then advances it by <see cref="Step"/> floats.
/// </summary>
internal readonly unsafe struct TilePrefetch(float* next, int step, bool toL1)
{
    /// <summary>First address to prefetch; unused when <see cref="Step"/> is 0.</summary>
    public float* Next { get; } = next;

    /// <summary>Floats to advance per trip: 2·NR covers a whole slice per tile, 2·NR / T a 1/T share of one.</summary>
    public int Step { get; } = step;

    /// <summary>
    /// True for a tile's own slice just ahead of use (prefetcht0); false for the next panel's slice (prefetcht1),
    /// which must not evict the current slice that the later tiles reuse from L1.
    /// </summary>
    public bool ToL1 { get; } = toL1;

    public static TilePrefetch None => default;
}

using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>What a workload is built with besides its case: the device, the seed, and cache policy.</summary>
public sealed record WorkloadContext(IDevice Device, int Seed, bool Cold, long ColdWorkingSetBytes)
{
    /// <summary>
    /// Input sets to rotate: one when hot; when cold, enough that the sets together exceed the cold working set
    /// (so each invocation finds its inputs out of cache), at least 2 and at most 8.
    /// </summary>
    public int SetsFor(long bytesPerSet) =>
        !Cold ? 1 : (int)Math.Clamp((ColdWorkingSetBytes + bytesPerSet - 1) / Math.Max(bytesPerSet, 1), 2, 8);
}

using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>What a workload is built with besides its case: the device, the seed, and cache policy.</summary>
public sealed record WorkloadContext(IDevice Device, int Seed, bool Cold, long ColdWorkingSetBytes)
{
    /// <summary>Most input sets one case rotates: bounds setup time and object count for tiny ops.</summary>
    public const int MaxSets = 4096;

    /// <summary>
    /// Memory one cold case's sets may hold together. A decode-size grouped GEMM touches only its active experts,
    /// a small share of a set, so reaching the cold working set can take many sets; this keeps that bounded.
    /// </summary>
    public long MaxRotationBytes => 8 * ColdWorkingSetBytes;

    /// <summary>
    /// Input sets to rotate: one when hot; when cold, enough that the bytes the invocations of one rotation touch
    /// (<paramref name="touchedBytesPerInvocation"/>: the cost model's minimum bytes) exceed the cold working set,
    /// so each invocation finds its inputs out of cache — at least 2, and no more than
    /// <see cref="MaxRotationBytes"/> of sets of <paramref name="bytesPerSet"/> hold (nor <see cref="MaxSets"/>).
    /// Sizing by a set's total bytes instead let decode cases rotate a few sets whose active experts sat in L3.
    /// </summary>
    public int SetsFor(double touchedBytesPerInvocation, long bytesPerSet)
    {
        if (!Cold)
        {
            return 1;
        }

        var wanted = Math.Ceiling(ColdWorkingSetBytes / Math.Max(touchedBytesPerInvocation, 1));
        var affordable = MaxRotationBytes / Math.Max(bytesPerSet, 1);
        return (int)Math.Max(2, Math.Min(Math.Min(wanted, affordable), MaxSets));
    }
}

using System.Runtime.InteropServices;
using MoeBench.Core;

namespace MoeBench.Devices.Blas;

/// <summary>
/// Weights kept as given, row-major [groups][k][n], in 64-byte-aligned native memory. No repacking at load:
/// cblas_sgemm packs its operands on every call, and that is how applications call it — part of what the
/// baseline measures. Native memory, like <c>CpuBuffer</c>: cache-line aligned for the packing loads, never moved
/// by the GC while OpenBLAS threads read it, and freed on <see cref="Dispose"/> rather than at some later GC.
/// </summary>
internal sealed unsafe class BlasWeights : IDeviceWeights
{
    private float* _data;

    public BlasWeights(ReadOnlySpan<float> weights, int groups, int k, int n)
    {
        var length = WeightShape.Check(weights, groups, k, n);

        Groups = groups;
        K = k;
        N = n;
        _data = (float*)NativeMemory.AlignedAlloc((nuint)(length * sizeof(float)), 64);
        weights[..(int)length].CopyTo(new Span<float>(_data, (int)length));
    }

    public int Groups { get; }

    public int K { get; }

    public int N { get; }

    public DType DType => DType.F32;

    public long Bytes => (long)Groups * K * N * sizeof(float);

    /// <summary>The [k × n] matrix of group <paramref name="group"/>.</summary>
    public float* Group(int group) =>
        _data != null ? _data + ((long)group * K * N) : throw new ObjectDisposedException(nameof(BlasWeights));

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}

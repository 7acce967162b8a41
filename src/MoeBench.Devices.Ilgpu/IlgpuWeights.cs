using ILGPU.Runtime;
using MoeBench.Core;

namespace MoeBench.Devices.Ilgpu;

/// <summary>fp32 weights as given, [groups][k][n] row-major, in device memory: the layout both product kernels read.</summary>
internal sealed class IlgpuWeights : IDeviceWeights
{
    public IlgpuWeights(Accelerator accelerator, ReadOnlySpan<float> weights, int groups, int k, int n)
    {
        var length = WeightShape.Check(weights, groups, k, n);
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"{groups} × {k} × {n} weights need {length} values, got {weights.Length}", nameof(weights));
        }

        (Groups, K, N) = (groups, k, n);
        Values = new IlgpuBuffer<float>(accelerator, (int)length);
        Values.View.SubView(0, length).CopyFromCPU(weights[..(int)length]);
    }

    public IlgpuBuffer<float> Values { get; }

    public int Groups { get; }

    public int K { get; }

    public int N { get; }

    public DType DType => DType.F32;

    public long Bytes => (long)Groups * K * N * sizeof(float);

    public void Dispose() => Values.Dispose();
}

using MoeBench.Core;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu;

/// <summary>Weights packed once into the GEMM micro-kernel's panel layout, as an inference engine repacks at load.</summary>
internal sealed class CpuWeights(PackedGroups packed, int groups, int k, int n) : IDeviceWeights
{
    public PackedGroups Packed { get; } = packed;

    public int Groups { get; } = groups;

    public int K { get; } = k;

    public int N { get; } = n;

    public DType DType => DType.F32;

    public long Bytes => (long)Groups * K * N * sizeof(float);

    public void Dispose() => Packed.Dispose();
}

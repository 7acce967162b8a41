using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices.Cpu.Calibration;
using MoeBench.Devices.Cpu.Kernels;
using MoeBench.Devices.Cpu.Quant;

namespace MoeBench.Devices.Cpu;

/// <summary>
/// The managed CPU backend: hand-written SIMD kernels on all cores, no native library. It opens without roofs;
/// <see cref="Calibrate"/> measures them (<see cref="CpuCalibration"/>), so % of peak is against what this machine
/// really sustains.
/// </summary>
public sealed class CpuDevice : HostMemoryDevice
{
    public const string DeviceId = "cpu";

    private readonly CpuKernels _kernels;

    public CpuDevice()
        : this(SlowdownInjection.FromEnvironment())
    {
    }

    public CpuDevice(SlowdownInjection injection)
    {
        _kernels = new CpuKernels(injection);
        Info = new DeviceInfo(
            DeviceId,
            Backend: "cpu",
            Vendor: CpuIdentity.ModelName.Split(' ')[0],
            Model: CpuIdentity.ModelName,
            Cores: CpuIdentity.Cores,
            Isa: CpuIdentity.Isa,
            MemoryBytes: CpuIdentity.MemoryBytes,
            PeakFlopsF32: double.NaN,
            BandwidthBytesPerSecond: double.NaN,
            RoofSource: DeviceInfo.NotCalibrated,
            Kind: Provenance.Measured,
            Details: $"managed SIMD, {CpuIdentity.VectorLanes} fp32 lanes");
    }

    public override DeviceInfo Info { get; }

    public override IMoeKernels Kernels => _kernels;

    /// <summary>Every op in f32; low-precision weights in <see cref="OpKind.QuantGroupedGemm"/>.</summary>
    public override bool Supports(OpKind op, DType dtype) => dtype == DType.F32 || op == OpKind.QuantGroupedGemm;

    public override IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype)
    {
        if (dtype != DType.F32)
        {
            throw new NotSupportedException($"cpu: weights of type {dtype.ToName()} are not supported");
        }

        return new CpuWeights(PackedGroups.Pack(weights, groups, k, n), groups, k, n);
    }

    public override IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) => new CpuQuantWeights(groups);

    public override void Dispose() => _kernels.Dispose();
}

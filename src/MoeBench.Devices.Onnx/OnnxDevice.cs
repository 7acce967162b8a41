using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices.Cpu;
using MoeBench.Devices.Cpu.Calibration;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// ONNX Runtime with one execution provider, running every op as a graph built in code. Buffers are host memory
/// (the CPU provider reads and writes them in place). Its identity names the ONNX Runtime version, the provider and
/// the session options (<see cref="OnnxSettings"/>): threads or optimisation level change what is measured. On the
/// CPU provider the roofs are the host CPU's, measured by the CPU's calibration.
/// </summary>
public sealed class OnnxDevice : HostMemoryDevice, IWeightFormats
{
    private readonly OnnxKernels _kernels;
    private readonly OnnxDeviceContext _context;

    internal OnnxDevice(string id, OnnxProvider provider, OnnxSettings settings)
    {
        _context = new OnnxDeviceContext(provider, settings);
        _kernels = new OnnxKernels(_context);
        Info = new DeviceInfo(
            id,
            Backend: OnnxBackend.BackendName,
            Vendor: CpuIdentity.ModelName.Split(' ')[0],
            Model: CpuIdentity.ModelName,
            Cores: CpuIdentity.Cores,
            Isa: CpuIdentity.Isa,
            MemoryBytes: CpuIdentity.MemoryBytes,
            PeakFlopsF32: double.NaN,
            BandwidthBytesPerSecond: double.NaN,
            RoofSource: DeviceInfo.NotCalibrated,
            Kind: Provenance.Measured,
            Details: Details(provider, settings));
    }

    public override DeviceInfo Info { get; }

    public override IMoeKernels Kernels => _kernels;

    /// <summary>Every op in fp32; quantized products in every dtype (int4 in the block sizes MatMulNBits takes, see <see cref="Unsupported"/>).</summary>
    public override bool Supports(OpKind op, DType dtype) => op == OpKind.QuantGroupedGemm || dtype == DType.F32;

    public string? Unsupported(WeightFormat format) => ExpertProduct.Unsupported(format);

    public override IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype)
    {
        if (dtype != DType.F32)
        {
            throw new NotSupportedException($"{Info.Id}: weights of type {dtype.ToName()} load through quantized weights, not here (f32 only)");
        }

        WeightShape.Check(weights, groups, k, n);
        var size = (long)k * n;

        var products = new ExpertProduct[groups];
        for (var g = 0; g < groups; g++)
        {
            products[g] = ExpertProduct.F32(weights.Slice((int)(g * size), (int)size), k, n);
        }

        return new OnnxWeights(products, _context);
    }

    /// <summary>Each group in its own format, its codes as given (see <see cref="ExpertProduct"/>), so the reference of the same matrices is exact.</summary>
    public override IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new ArgumentException("no weight groups", nameof(groups));
        }

        if (groups.Select(q => Unsupported(q.Format)).FirstOrDefault(r => r is not null) is { } reason)
        {
            throw new NotSupportedException($"{Info.Id}: {reason}");
        }

        var (k, n) = (groups[0].K, groups[0].N);
        if (groups.Any(q => q.K != k || q.N != n))
        {
            throw new ArgumentException($"every group must be [{k} × {n}]", nameof(groups));
        }

        return new OnnxWeights(groups.Select(ExpertProduct.From).ToArray(), _context);
    }

    public override void Dispose() => _kernels.Dispose();

    internal static string Details(OnnxProvider provider, OnnxSettings settings) =>
        $"ONNX Runtime {OnnxBackend.RuntimeVersion} ({OnnxBackend.Package}), {provider.OrtName}, {settings.Describe()}, intra-op workers sleep when idle; "
        + "ops as ONNX graphs (opset 17): int4 as com.microsoft::MatMulNBits, int8 as DequantizeLinear + MatMul, bf16 as Cast + MatMul; "
        + "dispatch plan on the host";
}

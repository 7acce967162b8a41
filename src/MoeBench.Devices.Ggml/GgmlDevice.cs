using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices.Cpu;
using MoeBench.Devices.Cpu.Calibration;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// llama.cpp's CPU kernels (ggml) on the host CPU: the baseline most people who run MoE models on CPUs know. Same
/// silicon as <c>cpu</c>, so the same roofs, measured by the CPU's calibration; what differs is the kernel library,
/// named in <see cref="DeviceInfo.Details"/> with its version, instruction-set build, threads and how it rounds
/// activations (part of the identity: an avx2 build and an avx512 build are different baselines).
/// MoeBench's formats map to ggml's peers: int8 → q8_0 and int4/g32 → q4_0 (blocks of 32 with an fp16 scale,
/// quantized by ggml_quantize_chunk), bf16 and f32 as they are.
/// </summary>
public sealed class GgmlDevice : HostMemoryDevice, IActivationRounding, IWeightFormats
{
    public const string DeviceId = "ggml";

    /// <summary>bf16 keeps 8 significant bits: round to nearest is within 2^-8 relative.</summary>
    private static readonly ActivationRounding Bf16 = new("bf16", Math.ScaleB(1, -8));

    /// <summary>q8_0 codes a block of 32 as round(x / d), d = max|x| / 127: within d/2 = max|x| / 254 ≈ 2^-8 of the block's largest.</summary>
    private static readonly ActivationRounding Q80 = new("q8_0 (8-bit codes, an fp16 scale per 32)", Math.ScaleB(1, -8));

    private readonly GgmlKernels _kernels;
    private nint _backend;

    internal GgmlDevice(GgmlLibrary library)
    {
        _backend = GgmlNative.CpuInit();
        if (_backend == 0)
        {
            throw new InvalidOperationException("ggml_backend_cpu_init failed");
        }

        // One thread per logical core, as cpu and cpu-blas use (libggml-cpu is an OpenMP build: these are its team).
        Threads = Environment.ProcessorCount;
        GgmlNative.CpuSetThreads(_backend, Threads);
        _kernels = new GgmlKernels(_backend);
        Info = new DeviceInfo(
            DeviceId,
            Backend: GgmlBackend.BackendName,
            Vendor: CpuIdentity.ModelName.Split(' ')[0],
            Model: CpuIdentity.ModelName,
            Cores: CpuIdentity.Cores,
            Isa: CpuIdentity.Isa,
            MemoryBytes: CpuIdentity.MemoryBytes,
            PeakFlopsF32: double.NaN,
            BandwidthBytesPerSecond: double.NaN,
            RoofSource: DeviceInfo.NotCalibrated,
            Kind: Provenance.Measured,
            Details: Details(library, Threads));
    }

    public override DeviceInfo Info { get; }

    public int Threads { get; }

    public override IMoeKernels Kernels => _kernels;

    public override bool Supports(OpKind op, DType dtype) => op switch
    {
        OpKind.Gemm or OpKind.GroupedGemm => dtype == DType.F32,
        OpKind.QuantGroupedGemm => true,
        _ => false,
    };

    public string? Unsupported(WeightFormat format) =>
        format.DType == DType.I4 && format.GroupSize != 32
            ? $"ggml has no int4 format with groups of {format.GroupSize} (its q4_0, the int4 peer, has blocks of 32)"
            : null;

    public ActivationRounding? Rounding(OpKind op, DType weights) => weights switch
    {
        DType.BF16 => Bf16,
        DType.I8 or DType.I4 => Q80,
        _ => null,
    };

    public override IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype)
    {
        if (dtype != DType.F32)
        {
            throw new NotSupportedException($"{DeviceId}: weights of type {dtype.ToName()} load through quantized weights, not here (f32 only)");
        }

        WeightShape.Check(weights, groups, k, n);

        var values = weights[..(groups * k * n)].ToArray();
        return GgmlWeights.Create(GgmlType.F32, DType.F32, groups, k, n, (g, j, column) =>
        {
            for (var i = 0; i < k; i++)
            {
                column[i] = values[(g * k * n) + (i * n) + j];
            }
        });
    }

    /// <summary>
    /// ggml keeps one type per expert tensor, as a GGUF file does, so groups that mix formats are all stored in the
    /// narrowest one's ggml peer (the type <see cref="IDeviceWeights.DType"/> names). The block formats are quantized
    /// by ggml from the weights as given; <see cref="IReencodedWeights"/> hands the reference what ggml stored.
    /// </summary>
    public override IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new ArgumentException("no weight groups", nameof(groups));
        }

        var (k, n) = (groups[0].K, groups[0].N);
        var narrowest = groups.Select(q => q.Format).MinBy(f => f.DType.Bits());
        if (groups.Select(q => Unsupported(q.Format)).FirstOrDefault(r => r is not null) is { } reason)
        {
            throw new NotSupportedException($"{DeviceId}: {reason}");
        }

        if (groups.Any(q => q.K != k || q.N != n))
        {
            throw new ArgumentException($"every group must be [{k} × {n}]", nameof(groups));
        }

        var type = narrowest.DType switch
        {
            DType.F32 => GgmlType.F32,
            DType.BF16 => GgmlType.BF16,
            DType.I8 => GgmlType.Q8_0,
            _ => GgmlType.Q4_0,
        };
        return GgmlWeights.Create(type, narrowest.DType, groups.Count, k, n, (g, j, column) =>
        {
            for (var i = 0; i < k; i++)
            {
                column[i] = (float)groups[g].Dequantize(i, j);
            }
        });
    }

    /// <summary>Frees the CPU backend; buffers and weights are disposed by whoever allocated them, the library stays loaded.</summary>
    public override void Dispose()
    {
        if (_backend != 0)
        {
            GgmlNative.BackendFree(_backend);
            _backend = 0;
        }
    }

    private static string Details(GgmlLibrary library, int threads) =>
        $"{library.Version} from {GgmlLibrary.Package}, {library.Variant} build, {threads} threads; "
        + $"int8 as q8_0, int4/g32 as q4_0; activations rounded to {Q80.Format} for those and to bf16 for bf16 weights "
        + $"(validated at {Q80.Tolerance:G3}), f32 unrounded";
}

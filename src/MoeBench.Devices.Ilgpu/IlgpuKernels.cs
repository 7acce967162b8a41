using ILGPU;
using ILGPU.Runtime;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Devices.Ilgpu.Kernels;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Ilgpu;

/// <summary>
/// The MoE ops on one accelerator: sizes checked on the host, then kernels queued on its default stream (CUDA runs
/// them asynchronously; <see cref="IDevice.Synchronize"/> waits). Row counts of a dispatch stay on the device: grouped
/// products and SwiGLU read them there, so a layer forward needs no mid-pass synchronisation. Kernels are compiled on
/// first use (<see cref="IlgpuKernelSet"/>).
/// </summary>
internal sealed partial class IlgpuKernels(Accelerator accelerator, IlgpuKernelSet kernels) : IMoeKernels, IDisposable
{
    private readonly IlgpuBuffer<int> _noInts = new(accelerator, 1);
    private readonly IlgpuBuffer<float> _noFloats = new(accelerator, 1);
    private IlgpuBuffer<float>? _logits;

    public void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        if (w.Groups != 1)
        {
            throw new ArgumentException($"gemm needs one weight matrix, got {w.Groups} groups", nameof(b));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(m);
        RequireLength(a, (long)m * w.K, nameof(a));
        RequireLength(c, (long)m * w.N, nameof(c));
        Product(View(a), _noInts.View, w.Values.View, View(c), new GemmArgs(w.K, w.N, 0, m, accumulate ? 1 : 0));
    }

    /// <summary>Launched over every row A and C can hold; rows past the last offset (read on the device) do nothing.</summary>
    public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c)
    {
        var w = Weights(b);
        RequireLength(offsets, w.Groups + 1L, nameof(offsets));
        Product(View(a), View(offsets), w.Values.View, View(c), new GemmArgs(w.K, w.N, w.Groups, RowLimit(a, c, w), 0));
    }

    public void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c)
    {
        var w = b as IlgpuQuantWeights ?? throw new ArgumentException("weights were not loaded by this device's LoadQuantizedWeights", nameof(b));
        RequireLength(offsets, w.Groups + 1L, nameof(offsets));
        var args = new GemmArgs(w.K, w.N, w.Groups, RowLimit(a, c, w), 0);
        if (args.RowLimit > 0)
        {
            kernels.Quant(new Index2D(w.N, args.RowLimit), View(a), View(offsets), w.Layout.View, w.Values.View, w.Codes.View, w.Scales.View, View(c), args);
        }
    }

    public void Gate(
        DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens,
        DeviceBuffer<int> ids, DeviceBuffer<float> weights)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var w = Weights(router);
        if (w.N != spec.Experts || w.Groups != 1)
        {
            throw new ArgumentException($"the router must be one [hidden × {spec.Experts}] matrix, got {w.Groups} × [{w.K} × {w.N}]", nameof(router));
        }

        if (spec.Groups > GateKernel.MaxGroups || (spec.Groups > 1 && spec.Experts % spec.Groups != 0))
        {
            throw new NotSupportedException($"{spec.Groups} expert groups: the gate kernel takes up to {GateKernel.MaxGroups} groups of equal size");
        }

        RequireLength(ids, (long)tokens * spec.TopK, nameof(ids));
        RequireLength(weights, (long)tokens * spec.TopK, nameof(weights));
        if (logitBias is not null)
        {
            RequireLength(logitBias, (long)tokens * spec.Experts, nameof(logitBias));
        }

        if (tokens == 0)
        {
            return;
        }

        var logits = Logits((long)tokens * spec.Experts);
        Gemm(x, router, logits, tokens, accumulate: false);
        var args = new GateArgs(
            spec.Experts, spec.TopK, spec.Score == RoutingScore.Sigmoid ? 1 : 0, spec.Renormalize ? 1 : 0, (float)spec.RoutedScale,
            spec.Groups, spec.TopKGroups, logitBias is null ? 0 : 1);
        kernels.GateSelect(tokens, logits.View, logitBias is null ? _noFloats.View : View(logitBias), View(ids), View(weights), args);
    }

    private void Product(ArrayView<float> a, ArrayView<int> offsets, ArrayView<float> b, ArrayView<float> c, GemmArgs args)
    {
        if (args.RowLimit == 0)
        {
            return;
        }

        if (kernels.Tiled)
        {
            var tiles = new Index2D((args.N + GemmKernels.Tile - 1) / GemmKernels.Tile, (args.RowLimit + GemmKernels.Tile - 1) / GemmKernels.Tile);
            kernels.GemmTiled(new KernelConfig(tiles, new Index2D(GemmKernels.Tile, GemmKernels.Tile)), a, offsets, b, c, args);
        }
        else
        {
            kernels.GemmPerElement(new Index2D(args.N, args.RowLimit), a, offsets, b, c, args);
        }
    }

    /// <summary>The gate's scratch for router logits, grown as needed and reused (calls on one stream run in order).</summary>
    private IlgpuBuffer<float> Logits(long length)
    {
        if (_logits is null || _logits.Length < length)
        {
            _logits?.Dispose();
            _logits = new IlgpuBuffer<float>(accelerator, checked((int)length));
        }

        return _logits;
    }

    private static int RowLimit(DeviceBuffer<float> a, DeviceBuffer<float> c, IDeviceWeights w) => Math.Min(a.Length / w.K, c.Length / w.N);

    private static ArrayView<T> View<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer is IlgpuBuffer<T> own ? own.View : throw new ArgumentException("buffer belongs to another device", nameof(buffer));

    private static IlgpuWeights Weights(IDeviceWeights weights) =>
        weights as IlgpuWeights ?? throw new ArgumentException("weights were not loaded by this device's LoadWeights", nameof(weights));

    public void Dispose()
    {
        _noInts.Dispose();
        _noFloats.Dispose();
        _logits?.Dispose();
    }
}

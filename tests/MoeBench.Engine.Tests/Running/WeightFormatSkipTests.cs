using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Tests.Measurement;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Running;

/// <summary>A device that supports a weight dtype in some formats only skips the others with its reason, before any setup.</summary>
public sealed class WeightFormatSkipTests
{
    private static readonly MeasuredEvaluator Evaluator = new(new CaseMeasurer(EngineSettings.Default, new WorkloadCatalog([]), new FakeClock()));

    private static CaseSpec QuantCase(long groupSize) => new(CaseLevel.Kernel, "quant_grouped_gemm", new CaseParams(
        [new("experts", 4L), new("top_k", 1L), new("k", 64L), new("n", 8L), new("tokens", 2L), new("weight_dtype", "int4"), new("group_size", groupSize)]));

    [Fact]
    public void An_int4_group_size_the_device_lacks_is_skipped_with_the_devices_reason()
    {
        using var device = new Int4Group32Device();

        var reason = Evaluator.SkipReason(QuantCase(128), device, device.Info);

        Assert.Equal("fake does not support int4/g128 weights: groups of 32 only", reason);
    }

    [Fact]
    public void A_format_the_device_has_is_not_skipped()
    {
        using var device = new Int4Group32Device();

        Assert.Null(Evaluator.SkipReason(QuantCase(32), device, device.Info));
    }

    /// <summary>Every op and dtype, but int4 in groups of 32 only (as llama.cpp's q4_0).</summary>
    private sealed class Int4Group32Device : IDevice, IWeightFormats
    {
        private readonly IdleDevice _inner = new();

        public DeviceInfo Info => _inner.Info;

        public IMoeKernels Kernels => _inner.Kernels;

        public string? Unsupported(WeightFormat format) => format.DType == DType.I4 && format.GroupSize != 32 ? "groups of 32 only" : null;

        public bool Supports(OpKind op, DType dtype) => _inner.Supports(op, dtype);

        public DeviceBuffer<T> Allocate<T>(int length)
            where T : unmanaged => _inner.Allocate<T>(length);

        public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
            where T : unmanaged => _inner.Upload(source, destination);

        public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
            where T : unmanaged => _inner.Download(source, destination);

        public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) => _inner.LoadWeights(weights, groups, k, n, dtype);

        public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) => _inner.LoadQuantizedWeights(groups);

        public void Synchronize() => _inner.Synchronize();

        public void Dispose() => _inner.Dispose();
    }
}

using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Quant;
using MoeBench.Core.Routing;
using MoeBench.Devices;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Measurement;

/// <summary>A workload whose invocations take a fixed time on a <see cref="FakeClock"/>.</summary>
internal sealed class FakeWorkload(FakeClock clock, TimeSpan perInvocation, ValidationResult validation) : IWorkload
{
    public int Invocations { get; private set; }

    public bool Validated { get; private set; }

    public OpCost Cost => new(2e6, 1e6);

    public double Tokens => 16;

    public int Sets => 3;

    public LoadImbalance? Load => null;

    public List<int> SetsUsed { get; } = [];

    public ValidationResult Validate()
    {
        Validated = true;
        return validation;
    }

    public void Invoke(int inputSet)
    {
        Invocations++;
        SetsUsed.Add(inputSet);
        clock.Advance(perInvocation);
    }

    public void Dispose()
    {
    }
}

internal sealed class FakeFactory(Func<IWorkload> create) : IWorkloadFactory
{
    public IOpDefinition Definition => OpCatalog.Gemm;

    public IWorkload Create(CaseSpec spec, WorkloadContext context) => create();
}

/// <summary>A device that forwards everything to another; a fake overrides only what it changes.</summary>
internal abstract class DelegatingDevice(IDevice inner) : IDevice
{
    protected IDevice Inner => inner;

    public virtual DeviceInfo Info => inner.Info;

    public virtual IMoeKernels Kernels => inner.Kernels;

    public bool Supports(OpKind op, DType dtype) => inner.Supports(op, dtype);

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => inner.Allocate<T>(length);

    public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged => inner.Upload(source, destination);

    public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged => inner.Download(source, destination);

    public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) => inner.LoadWeights(weights, groups, k, n, dtype);

    public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) => inner.LoadQuantizedWeights(groups);

    public void Synchronize() => inner.Synchronize();

    public void Dispose() => inner.Dispose();
}

/// <summary>An <see cref="IdleDevice"/> that can probe its memory bandwidth: each probe returns the next scripted figure, in a loop.</summary>
internal sealed class ProbingDevice(double[] bandwidths, double peakFlops = 1e12) : DelegatingDevice(new IdleDevice()), IBandwidthProbe
{
    public int Probes { get; private set; }

    public long Footprint { get; private set; }

    public override DeviceInfo Info => Inner.Info with { PeakFlopsF32 = peakFlops };

    public double ProbeBandwidth(long footprintBytes, CancellationToken cancellation)
    {
        Footprint = footprintBytes;
        return bandwidths[Probes++ % bandwidths.Length];
    }
}

/// <summary>A device that only identifies itself and synchronises; fake workloads never touch its kernels.</summary>
internal sealed class IdleDevice : IDevice
{
    public DeviceInfo Info { get; } = new("fake", "fake", "none", "fake device", 1, [], 0, 1e12, 1e11, "test", Provenance.Measured);

    public IMoeKernels Kernels => throw new NotSupportedException();

    public int Synchronizations { get; private set; }

    public bool Supports(OpKind op, DType dtype) => true;

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => throw new NotSupportedException();

    public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged => throw new NotSupportedException();

    public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged => throw new NotSupportedException();

    public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) => throw new NotSupportedException();

    public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) => throw new NotSupportedException();

    public void Synchronize() => Synchronizations++;

    public void Dispose()
    {
    }
}

/// <summary>One always-available device <c>fake</c>, an <see cref="IdleDevice"/>, for runner tests.</summary>
internal sealed class FakeBackend : IBackend
{
    public string Name => "fake";

    public IReadOnlyList<DeviceEntry> Discover() => [new DeviceEntry("fake", "fake", "fake", null, () => new IdleDevice())];
}

using MoeBench.Core;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;

namespace MoeBench.Devices.Modeled;

/// <summary>
/// A <c>modeled:NAME</c> device: a profile, not hardware. It runs nothing — no buffers, no kernels — so every case on
/// it goes to the modeled evaluator, which predicts from <see cref="Profile"/>; anything that tries to run work on it
/// is told so instead of getting made-up results.
/// </summary>
public sealed class ModeledDevice(HardwareProfile profile) : IDevice, IProfiledDevice
{
    public HardwareProfile Profile { get; } = profile;

    public DeviceInfo Info { get; } = ProfileDeviceInfo.Of(profile);

    public IMoeKernels Kernels => throw NoWork();

    /// <summary>None: a modeled device executes no op; its results are predictions.</summary>
    public bool Supports(OpKind op, DType dtype) => false;

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => throw NoWork();

    public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged => throw NoWork();

    public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged => throw NoWork();

    public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) => throw NoWork();

    public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) => throw NoWork();

    /// <summary>Nothing was submitted, so there is nothing to wait for.</summary>
    public void Synchronize()
    {
    }

    public void Dispose()
    {
    }

    private NotSupportedException NoWork() =>
        new($"{Info.Id} is a modeled device ({Profile.RoofSource}): it runs no kernels; its results are predicted by the modeled evaluator");
}

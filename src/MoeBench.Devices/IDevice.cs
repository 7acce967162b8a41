using MoeBench.Core;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;

namespace MoeBench.Devices;

/// <summary>
/// A live device: owns buffers and weights, runs kernels, and is disposed deterministically. What it is
/// (identity, roofs) is the plain-data <see cref="Info"/>, stored with every result.
/// </summary>
public interface IDevice : IDisposable
{
    DeviceInfo Info { get; }

    IMoeKernels Kernels { get; }

    bool Supports(OpKind op, DType dtype);

    DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged;

    void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged;

    void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged;

    /// <summary>Loads <paramref name="groups"/> row-major [k × n] matrices, converting to <paramref name="dtype"/>.</summary>
    IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype);

    /// <summary>
    /// Loads one matrix per group, each already quantized (in its own format: a mixed-precision layer keeps hot
    /// experts wider), for <see cref="IMoeKernels.QuantGroupedGemm"/>. The device packs the codes as they are, so
    /// the reference computed from the same <see cref="QuantizedMatrix"/> values is the exact target.
    /// </summary>
    IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups);

    /// <summary>Waits until all submitted work is done; the engine calls it before reading a clock.</summary>
    void Synchronize();
}

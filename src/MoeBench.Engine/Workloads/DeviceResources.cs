using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>Device buffers and weights that live and die together.</summary>
public sealed class DeviceResources(IDevice device) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public IDevice Device => device;

    public long Bytes { get; private set; }

    public DeviceBuffer<T> Upload<T>(T[] values)
        where T : unmanaged
    {
        var buffer = Allocate<T>(values.Length);
        device.Upload<T>(values, buffer);
        return buffer;
    }

    public unsafe DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged
    {
        var buffer = device.Allocate<T>(Math.Max(length, 1));
        _owned.Add(buffer);
        Bytes += (long)buffer.Length * sizeof(T);
        return buffer;
    }

    public IDeviceWeights Weights(float[] values, int groups, int k, int n)
    {
        var weights = device.LoadWeights(values, groups, k, n, Core.DType.F32);
        _owned.Add(weights);
        Bytes += values.Length * 4L;
        return weights;
    }

    /// <summary>Weights already quantized (one matrix per group); counted at the bytes the device keeps.</summary>
    public IDeviceWeights QuantizedWeights(IReadOnlyList<Core.Quant.QuantizedMatrix> groups)
    {
        var weights = device.LoadQuantizedWeights(groups);
        _owned.Add(weights);
        Bytes += weights.Bytes;
        return weights;
    }

    public T[] Read<T>(DeviceBuffer<T> buffer, int length)
        where T : unmanaged
    {
        device.Synchronize();
        var values = new T[length];
        device.Download(buffer, values);
        return values;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        _owned.Clear();
    }
}

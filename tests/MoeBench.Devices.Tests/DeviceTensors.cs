namespace MoeBench.Devices.Tests;

/// <summary>Moves host arrays to and from a device for a test; every buffer is disposed with the scope.</summary>
internal sealed class DeviceTensors(IDevice device) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public IDevice Device => device;

    public IMoeKernels Kernels => device.Kernels;

    public DeviceBuffer<T> Upload<T>(T[] values)
        where T : unmanaged
    {
        var buffer = Allocate<T>(values.Length);
        device.Upload<T>(values, buffer);
        return buffer;
    }

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => Own(device.Allocate<T>(length));

    public IDeviceWeights Weights(float[] values, int groups, int k, int n) =>
        Own(device.LoadWeights(values, groups, k, n, Core.DType.F32));

    public IDeviceWeights QuantizedWeights(IReadOnlyList<Core.Quant.QuantizedMatrix> groups) => Own(device.LoadQuantizedWeights(groups));

    public T[] Read<T>(DeviceBuffer<T> buffer)
        where T : unmanaged
    {
        device.Synchronize();
        var result = new T[buffer.Length];
        device.Download(buffer, result);
        return result;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }

    private TResource Own<TResource>(TResource resource)
        where TResource : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}

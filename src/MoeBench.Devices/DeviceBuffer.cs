namespace MoeBench.Devices;

/// <summary>A tensor in a device's memory. Only the device that allocated it may use it.</summary>
public abstract class DeviceBuffer<T> : IDisposable
    where T : unmanaged
{
    protected DeviceBuffer(int length) => Length = length;

    public int Length { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}

namespace MoeBench.Devices.OpenCl;

/// <summary>A tensor in an OpenCL buffer (cl_mem) of the device that allocated it.</summary>
internal sealed unsafe class OpenClBuffer<T> : DeviceBuffer<T>
    where T : unmanaged
{
    private readonly OpenClQueue _queue;
    private nint _mem;

    public OpenClBuffer(OpenClQueue queue, int length)
        : base(length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _queue = queue;
        _mem = queue.CreateBuffer((long)length * sizeof(T));
    }

    public nint Mem => _mem != 0 ? _mem : throw new ObjectDisposedException(nameof(OpenClBuffer<T>));

    /// <summary>Whether <paramref name="queue"/> is the one this buffer belongs to.</summary>
    public bool Of(OpenClQueue queue) => ReferenceEquals(queue, _queue);

    protected override void Dispose(bool disposing)
    {
        if (_mem != 0)
        {
            _queue.Release(_mem);
            _mem = 0;
        }
    }
}

using System.Runtime.InteropServices;

namespace MoeBench.Devices.Cpu;

/// <summary>Host memory aligned to 64 bytes (one cache line, one zmm register) so vector loads never split lines.</summary>
public sealed unsafe class CpuBuffer<T> : DeviceBuffer<T>
    where T : unmanaged
{
    private T* _pointer;

    public CpuBuffer(int length)
        : base(length)
    {
        _pointer = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(length, 1) * sizeof(T)), 64);
        Span.Clear();
    }

    public T* Data => _pointer != null ? _pointer : throw new ObjectDisposedException(nameof(CpuBuffer<T>));

    public Span<T> Span => new(Data, Length);

    protected override void Dispose(bool disposing)
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}

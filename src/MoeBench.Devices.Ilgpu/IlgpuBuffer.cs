using ILGPU;
using ILGPU.Runtime;

namespace MoeBench.Devices.Ilgpu;

/// <summary>A tensor in an accelerator's memory (at least one element: ILGPU refuses empty buffers).</summary>
internal sealed class IlgpuBuffer<T> : DeviceBuffer<T>
    where T : unmanaged
{
    private MemoryBuffer1D<T, Stride1D.Dense>? _memory;

    public IlgpuBuffer(Accelerator accelerator, int length)
        : base(length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _memory = accelerator.Allocate1D<T>(Math.Max(1, length));
    }

    /// <summary>The whole buffer, as kernels take it.</summary>
    public ArrayView<T> View => (_memory ?? throw new ObjectDisposedException(nameof(IlgpuBuffer<T>))).View;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _memory?.Dispose();
            _memory = null;
        }
    }
}

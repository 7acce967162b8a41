using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl;

/// <summary>Sets a kernel's arguments in order: <c>new KernelArgs(cl, kernel).Add(a.Mem).Add(m)</c>.</summary>
internal sealed class KernelArgs(CL cl, nint kernel)
{
    private uint _index;

    public nint Kernel => kernel;

    /// <summary>The next argument: a cl_mem handle (<see cref="nint"/>) or a scalar of the kernel's type.</summary>
    public KernelArgs Add<T>(T value)
        where T : unmanaged
    {
        ClCall.Arg(cl, kernel, _index++, value);
        return this;
    }
}

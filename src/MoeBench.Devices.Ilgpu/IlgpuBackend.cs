using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace MoeBench.Devices.Ilgpu;

/// <summary>
/// ILGPU's accelerators: each CUDA GPU the driver reports (<c>ilgpu:cuda:N</c>, a GPU) and ILGPU's CPU accelerator
/// (<c>ilgpu:cpu</c>, for correctness only). Where there is no CUDA GPU, <c>ilgpu:cuda:0</c> is listed unavailable
/// with the reason, so a listing says why the GPU lane is empty instead of hiding it.
/// </summary>
public sealed class IlgpuBackend : IBackend
{
    public const string BackendName = "ilgpu";

    private readonly bool _cuda;

    public IlgpuBackend()
        : this(cuda: true)
    {
    }

    /// <summary>With <paramref name="cuda"/> false, CUDA is not looked for and its devices are listed unavailable, saying so.</summary>
    internal IlgpuBackend(bool cuda) => _cuda = cuda;

    public string Name => BackendName;

    public IReadOnlyList<DeviceEntry> Discover()
    {
        var entries = new List<DeviceEntry>();
        entries.AddRange(_cuda ? CudaDevices() : [NoCuda("CUDA lookup is turned off for this backend instance")]);
        var cpu = IlgpuTarget.Cpu;
        using (var context = Context.Create(builder => builder.DefaultCPU()))
        {
            entries.Add(new DeviceEntry(cpu.Id, Name, IlgpuIdentity.Describe(context.Devices[0]), null, () => new IlgpuDevice(cpu)));
        }

        return entries;
    }

    private List<DeviceEntry> CudaDevices()
    {
        using var context = Context.Create(builder => builder.Cuda());
        var devices = context.GetCudaDevices();
        if (devices.Count == 0)
        {
            return [NoCuda(WhyNoCuda())];
        }

        var entries = new List<DeviceEntry>();
        for (var i = 0; i < devices.Count; i++)
        {
            var target = IlgpuTarget.Cuda(i);
            var device = devices[i];
            entries.Add(new DeviceEntry(
                target.Id, Name, IlgpuIdentity.Describe(device), null, () => new IlgpuDevice(target), IlgpuIdentity.Accelerator(device),
                Class: DeviceClass.Gpu));
        }

        return entries;
    }

    private DeviceEntry NoCuda(string reason) =>
        new(IlgpuTarget.CudaId(0), Name, "an NVIDIA GPU through ILGPU's CUDA backend", reason, null, Class: DeviceClass.Gpu);

    /// <summary>A missing driver library, or a driver that reports no GPU ILGPU can use.</summary>
    private static string WhyNoCuda()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out var driver) && !NativeLibrary.TryLoad("libcuda.so", out driver))
        {
            return "no CUDA GPU: the NVIDIA driver library (libcuda.so) is not installed";
        }

        NativeLibrary.Free(driver);
        return "no CUDA GPU: the NVIDIA driver is installed but reports no GPU that ILGPU supports";
    }
}

using MoeBench.Devices;
using MoeBench.Devices.Blas;
using MoeBench.Devices.Cpu;
using MoeBench.Devices.Ggml;
using MoeBench.Devices.Ilgpu;
using MoeBench.Devices.Modeled;
using MoeBench.Devices.Onnx;
using MoeBench.Devices.OpenCl;

namespace MoeBench.Cli;

/// <summary>The one place that knows every backend; add a backend here.</summary>
public static class Backends
{
    /// <summary>The measured backends, and a <c>modeled:NAME</c> device per profile of <paramref name="profiles"/>.</summary>
    public static DeviceRegistry Registry(IReadOnlyList<HardwareProfile>? profiles = null) =>
        new([new CpuBackend(), new BlasBackend(), new GgmlBackend(), new IlgpuBackend(), new OpenClBackend(), new OnnxBackend(), new ModeledBackend(profiles ?? [])]);

    /// <summary>
    /// Every backend with the <c>hardware/</c> folder's profiles; null after writing each profile error to
    /// <paramref name="error"/>: a malformed profile stops the command (exit 2) before any work.
    /// </summary>
    public static DeviceRegistry? Load(TextWriter error) => HardwareProfiles.Load(error) is { } profiles ? Registry(profiles) : null;
}

using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// llama.cpp's ggml, from the instruction-set build the CPU supports. Where that build is missing or does not load the
/// device is listed unavailable with the reason; discovery of the other backends goes on (STYLE.md §2).
/// </summary>
public sealed class GgmlBackend : IBackend
{
    public const string BackendName = "ggml";

    private readonly string _runtimesRoot;
    private readonly CpuFeatures _cpu;

    public GgmlBackend()
        : this(GgmlLibrary.DefaultRuntimesRoot, CpuFeatures.Host)
    {
    }

    /// <summary>Looks for the package's runtimes/ folder under <paramref name="runtimesRoot"/>, for a CPU with <paramref name="cpu"/>.</summary>
    public GgmlBackend(string runtimesRoot, CpuFeatures cpu)
    {
        ArgumentNullException.ThrowIfNull(runtimesRoot);
        (_runtimesRoot, _cpu) = (runtimesRoot, cpu);
    }

    public string Name => BackendName;

    public IReadOnlyList<DeviceEntry> Discover()
    {
        var variant = GgmlVariant.Choose(_cpu);
        if (!OperatingSystem.IsLinux())
        {
            return [Unavailable(variant, "the ggml device loads the Linux builds of the package only")];
        }

        if (!GgmlLibrary.TryLoad(_runtimesRoot, variant, out var library, out var reason))
        {
            return [Unavailable(variant, reason)];
        }

        var description = $"{CpuIdentity.ModelName}, {library.Version}, {variant} build";
        return [new DeviceEntry(GgmlDevice.DeviceId, Name, description, null, () => new GgmlDevice(library))];
    }

    private DeviceEntry Unavailable(string variant, string reason) =>
        new(GgmlDevice.DeviceId, Name, $"llama.cpp's ggml kernels ({variant} build) on the host CPU", reason, null);
}

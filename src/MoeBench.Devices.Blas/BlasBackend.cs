using System.Runtime.Intrinsics.X86;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Blas;

/// <summary>
/// OpenBLAS, found at run time. Where it is not installed the device is listed unavailable with the reason and how to
/// install it; discovery of the other backends goes on (STYLE.md §2).
/// </summary>
public sealed class BlasBackend : IBackend
{
    public const string BackendName = "cpu-blas";

    private readonly IReadOnlyList<string> _libraryNames;

    public BlasBackend()
        : this(OpenBlasLibrary.DefaultNames)
    {
    }

    /// <summary>Looks for the library under <paramref name="libraryNames"/>, in order (dlopen names or paths).</summary>
    public BlasBackend(IReadOnlyList<string> libraryNames)
    {
        ArgumentNullException.ThrowIfNull(libraryNames);
        _libraryNames = libraryNames;
    }

    public string Name => BackendName;

    public IReadOnlyList<DeviceEntry> Discover()
    {
        if (!OpenBlasLibrary.TryLoad(_libraryNames, out var library, out var reason))
        {
            return [new DeviceEntry(BlasDevice.DeviceId, Name, "OpenBLAS sgemm on the host CPU", reason, null)];
        }

        if (OpenBlasCoreType.Unusable(library.CoreName, Avx512F.IsSupported) is { } unusable)
        {
            return [new DeviceEntry(BlasDevice.DeviceId, Name, library.Details, unusable, null)];
        }

        var description = $"{CpuIdentity.ModelName}, {library.Details}";
        return [new DeviceEntry(BlasDevice.DeviceId, Name, description, null, () => new BlasDevice(library))];
    }
}

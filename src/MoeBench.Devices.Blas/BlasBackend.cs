using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Blas;

/// <summary>
/// OpenBLAS, found at run time. Where it is not installed the device is listed unavailable with the reason and how to
/// install it; discovery of the other backends goes on (STYLE.md §2). <c>cpu-blas</c> runs the fastest kernel set this
/// CPU executes, whatever OPENBLAS_CORETYPE says; <c>cpu-blas:Haswell</c> (any name of
/// <see cref="OpenBlasCoreType.Ladder"/>) pins one on purpose.
/// </summary>
public sealed class BlasBackend : IPinnableBackend
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

        var cpu = HostVectorIsa.Detect();
        string? core;
        if (library.CanSwitch)
        {
            core = OpenBlasCoreType.Choose(cpu, library.Offers);
        }
        else if (OpenBlasCoreType.Unusable(library.CoreName, cpu) is { } unusable)
        {
            return [new DeviceEntry(BlasDevice.DeviceId, Name, library.Summary, unusable, null)];
        }
        else
        {
            core = library.CoreName;
        }

        if (core is null)
        {
            return [new DeviceEntry(BlasDevice.DeviceId, Name, library.Summary, $"this OpenBLAS has no kernel set this CPU runs (it has {cpu})", null)];
        }

        var pinnable = OpenBlasCoreType.Ladder.Where(c => c.Needs <= cpu && library.Offers(c.Name)).Select(c => c.Name);
        var hint = $"; pin another with {Name}:<core> ({string.Join(", ", pinnable)})";
        return [Entry(library, new CoreSelection(core, Pinned: false, library.InheritedCoreType), hint)];
    }

    public DeviceEntry Pin(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var id = $"{Name}:{setting}";
        if (!OpenBlasLibrary.TryLoad(_libraryNames, out var library, out var reason))
        {
            return new DeviceEntry(id, Name, "OpenBLAS sgemm on the host CPU", reason, null);
        }

        if (OpenBlasCoreType.PinProblem(setting, HostVectorIsa.Detect(), library.Offers) is { } problem)
        {
            return new DeviceEntry(id, Name, library.Summary, problem, null);
        }

        return Entry(library, new CoreSelection(OpenBlasCoreType.Canonical(setting)!, Pinned: true, library.InheritedCoreType), "");
    }

    private DeviceEntry Entry(OpenBlasLibrary library, CoreSelection selection, string hint) =>
        new(
            selection.DeviceId,
            Name,
            $"{CpuIdentity.ModelName}, {BlasDevice.Details(library, selection)}",
            null,
            () => new BlasDevice(library, selection),
            Note: $"{selection.Inheritance}{hint}");
}

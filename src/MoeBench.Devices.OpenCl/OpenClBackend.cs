using MoeBench.Core.Results;
using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// Every device of every OpenCL platform the ICD loader knows, as <c>opencl:P:N</c> (<see cref="OpenClDeviceId"/>).
/// Without the loader (libOpenCL) or without any platform (no ICD registered) the backend lists one unavailable
/// <c>opencl</c> entry saying what to install; it never throws (STYLE.md §2). A pinned id
/// <c>opencl:P:N:binary=PATH</c> opens the device with an offline-compiled program instead of building the sources.
/// </summary>
public sealed class OpenClBackend : IPinnableBackend
{
    public const string BackendName = OpenClDeviceId.Prefix;

    private const string Install =
        "install an OpenCL ICD loader and a driver (Debian: ocl-icd-libopencl1 and pocl-opencl-icd for the CPU; ./run-tests.sh and ./run-bench.sh do so as root)";

    private readonly Lazy<CL> _api;
    private readonly ProgramCache _cache;
    private readonly GemmForm? _gemmForm;

    public OpenClBackend()
        : this(CL.GetApi, ProgramCache.Default())
    {
    }

    /// <param name="api">Loads the OpenCL library (Silk.NET's <see cref="CL.GetApi"/>); tests pass one that fails.</param>
    /// <param name="cache">Where program binaries built here are kept.</param>
    /// <param name="gemmForm">The products' kernel family for every device; null picks it by device class (<see cref="GemmForms.For"/>).</param>
    public OpenClBackend(Func<CL> api, ProgramCache cache, GemmForm? gemmForm = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(cache);
        (_api, _cache, _gemmForm) = (new Lazy<CL>(api), cache, gemmForm);
    }

    public string Name => BackendName;

    public IReadOnlyList<DeviceEntry> Discover()
    {
        if (Platforms(out var reason) is not { } platforms)
        {
            return [Unavailable(BackendName, "OpenCL devices", reason)];
        }

        var entries = new List<DeviceEntry>();
        for (var p = 0; p < platforms.Length; p++)
        {
            var devices = ClCall.Devices(_api.Value, platforms[p]);
            for (var d = 0; d < devices.Length; d++)
            {
                entries.Add(Entry(new OpenClDeviceId(p, d), platforms[p], devices[d]));
            }
        }

        return entries;
    }

    public DeviceEntry Pin(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var id = OpenClDeviceId.Parse(setting, out var error);
        if (id is null)
        {
            return Unavailable($"{BackendName}:{setting}", "an OpenCL device", error);
        }

        if (Platforms(out var reason) is not { } platforms)
        {
            return Unavailable(id.ToString(), "an OpenCL device", reason);
        }

        if (id.Platform >= platforms.Length)
        {
            return Unavailable(id.ToString(), "an OpenCL device", $"there is no OpenCL platform {id.Platform}: {platforms.Length} installed (see `moebench devices`)");
        }

        var devices = ClCall.Devices(_api.Value, platforms[id.Platform]);
        if (id.Device >= devices.Length)
        {
            return Unavailable(id.ToString(), "an OpenCL device", $"OpenCL platform {id.Platform} has no device {id.Device}: it has {devices.Length}");
        }

        if (id.BinaryPath is { } path && !File.Exists(path))
        {
            return Unavailable(id.ToString(), "an OpenCL device", $"the program binary '{path}' does not exist");
        }

        return Entry(id, platforms[id.Platform], devices[id.Device]);
    }

    private DeviceEntry Entry(OpenClDeviceId id, nint platform, nint device)
    {
        var cl = _api.Value;
        var hardware = OpenClHardware.Query(cl, platform, device);
        var accelerator = hardware.Class == DeviceClass.Cpu
            ? null
            : new AcceleratorInfo(hardware.Name, hardware.Vendor, hardware.DriverVersion, hardware.GlobalMemoryBytes);
        var form = _gemmForm ?? GemmForms.For(hardware.Class);
        if (hardware.MaxWorkGroupSize < form.WorkGroupSize())
        {
            return Unavailable(id.ToString(), hardware.Describe(), $"its work-groups hold at most {hardware.MaxWorkGroupSize} work-items; the kernels need {form.WorkGroupSize()}") with
            {
                Class = hardware.Class,
                Accelerator = accelerator,
            };
        }

        var note = id.BinaryPath is null ? $"program: sources built once, binaries cached in {_cache.Directory}" : $"program: the binary {id.BinaryPath}";
        return new DeviceEntry(id.ToString(), Name, hardware.Describe(), null, () => new OpenClDevice(cl, id, device, hardware, _cache, form), accelerator, note, hardware.Class);
    }

    /// <summary>The platforms, or null with <paramref name="reason"/> where the library or any platform is missing.</summary>
    private nint[]? Platforms(out string reason)
    {
        reason = string.Empty;
        CL cl;
        try
        {
            cl = _api.Value;
        }
        catch (Exception e) when (e is FileNotFoundException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            reason = $"the OpenCL library could not be loaded ({e.Message}); {Install}";
            return null;
        }

        var platforms = ClCall.Platforms(cl);
        if (platforms.Length == 0)
        {
            reason = $"no OpenCL platform is installed (the ICD loader found no driver); {Install}";
            return null;
        }

        return platforms;
    }

    private DeviceEntry Unavailable(string id, string description, string reason) => new(id, Name, description, reason, null);
}

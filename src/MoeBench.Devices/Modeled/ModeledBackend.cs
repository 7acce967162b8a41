namespace MoeBench.Devices.Modeled;

/// <summary>
/// Every profile of the <c>hardware/</c> folder as a device <c>modeled:NAME</c>, of the profile's device class, with
/// provenance modeled. The profiles are loaded (and their errors reported) before the backend exists: a malformed one
/// stops a command before any work, so discovery here cannot fail.
/// </summary>
public sealed class ModeledBackend(IReadOnlyList<HardwareProfile> profiles) : IBackend
{
    public const string Prefix = "modeled:";

    public string Name => ProfileDeviceInfo.Backend;

    public IReadOnlyList<DeviceEntry> Discover() =>
    [
        .. profiles.Select(p => new DeviceEntry(
            p.DeviceId, Name, $"{p.Vendor} {p.Model} (modeled from {p.ShortPath})", null, () => new ModeledDevice(p),
            Class: p.Class, Provenance: Core.Provenance.Modeled)),
    ];
}

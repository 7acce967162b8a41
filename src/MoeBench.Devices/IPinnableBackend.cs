namespace MoeBench.Devices;

/// <summary>
/// A backend whose device can be opened with one setting fixed on purpose, named <c>backend:setting</c> (e.g.
/// <c>cpu-blas:Haswell</c>). Discovery lists the device as the backend chooses it; a pinned id is resolved on request,
/// because the settings are open-ended and listing every one would bury the devices themselves.
/// </summary>
public interface IPinnableBackend : IBackend
{
    /// <summary>The device with <paramref name="setting"/> pinned, or unavailable with the reason (never throws).</summary>
    DeviceEntry Pin(string setting);
}

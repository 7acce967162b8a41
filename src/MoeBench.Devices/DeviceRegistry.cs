namespace MoeBench.Devices;

/// <summary>
/// All backends' devices. A backend that fails while discovering is listed as unavailable with its error; it
/// never hides the others.
/// </summary>
public sealed class DeviceRegistry(IReadOnlyList<IBackend> backends)
{
    public IReadOnlyList<DeviceEntry> Discover()
    {
        var entries = new List<DeviceEntry>();
        foreach (var backend in backends)
        {
            try
            {
                entries.AddRange(backend.Discover());
            }
#pragma warning disable CA1031 // a broken driver must not abort discovery of the other backends
            catch (Exception e)
#pragma warning restore CA1031
            {
                entries.Add(new DeviceEntry(backend.Name, backend.Name, "discovery failed", e.Message, null));
            }
        }

        return entries;
    }

    public DeviceEntry Find(string id) =>
        Discover().FirstOrDefault(e => e.Id == id)
        ?? throw new KeyNotFoundException($"no device '{id}' (see `moebench devices`)");
}

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
        Find(id, Discover()) ?? throw new KeyNotFoundException($"no device '{id}' (see `moebench devices`)");

    /// <summary>
    /// The device <paramref name="id"/> names: one of <paramref name="discovered"/>, or <c>backend:setting</c> for a
    /// backend that pins settings (split at the first colon; the backend decides what the setting means); null when
    /// nothing answers to it.
    /// </summary>
    public DeviceEntry? Find(string id, IReadOnlyList<DeviceEntry> discovered)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(discovered);
        if (discovered.FirstOrDefault(e => e.Id == id) is { } entry)
        {
            return entry;
        }

        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == id.Length - 1)
        {
            return null;
        }

        var name = id[..colon];
        return backends.OfType<IPinnableBackend>().FirstOrDefault(b => b.Name == name) is { } backend
            ? backend.Pin(id[(colon + 1)..])
            : null;
    }
}

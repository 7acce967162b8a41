using System.Globalization;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// <c>opencl:P:N</c> — device N of platform P, both indices in the order the ICD loader reports them (as
/// <c>clinfo -l</c> lists them) — optionally pinned to an offline-compiled program binary:
/// <c>opencl:P:N:binary=/path/kernels.aocx</c>. Indices, not names: platform names are long and not unique
/// ("Portable Computing Language", two boards of one vendor), and the listing shows which index is which.
/// </summary>
public sealed record OpenClDeviceId(int Platform, int Device, string? BinaryPath = null)
{
    public const string Prefix = "opencl";
    private const string BinarySetting = "binary=";

    public override string ToString() =>
        BinaryPath is null ? $"{Prefix}:{Platform}:{Device}" : $"{Prefix}:{Platform}:{Device}:{BinarySetting}{BinaryPath}";

    /// <summary>Reads the part after <c>opencl:</c>; null with <paramref name="error"/> saying what is wrong.</summary>
    public static OpenClDeviceId? Parse(string setting, out string error)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var parts = setting.Split(':', 3);
        error = string.Empty;
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var platform)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var device))
        {
            error = $"'{Prefix}:{setting}' is not {Prefix}:PLATFORM:DEVICE[:{BinarySetting}PATH] with PLATFORM and DEVICE indices (see `moebench devices`)";
            return null;
        }

        if (parts.Length == 3)
        {
            if (!parts[2].StartsWith(BinarySetting, StringComparison.Ordinal) || parts[2].Length == BinarySetting.Length)
            {
                error = $"'{parts[2]}' in '{Prefix}:{setting}' is not {BinarySetting}PATH (an offline-compiled program binary)";
                return null;
            }

            return new(platform, device, parts[2][BinarySetting.Length..]);
        }

        return new(platform, device);
    }
}

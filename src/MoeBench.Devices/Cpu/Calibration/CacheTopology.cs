using System.Globalization;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>The last-level cache size, from Linux sysfs where present.</summary>
internal static class CacheTopology
{
    /// <summary>Assumed where sysfs says nothing: larger than the L3 of most servers, so stream buffers stay out of cache.</summary>
    public const long FallbackBytes = 64L << 20;

    public static long LastLevelBytes(string root = "/sys/devices/system/cpu/cpu0/cache")
    {
        if (!Directory.Exists(root))
        {
            return FallbackBytes;
        }

        var (level, bytes) = (0, 0L);
        foreach (var index in Directory.EnumerateDirectories(root, "index*"))
        {
            if (ReadInt(Path.Combine(index, "level")) is { } l && ParseSize(ReadText(Path.Combine(index, "size"))) is { } b && l >= level)
            {
                (level, bytes) = l > level ? (l, b) : (l, Math.Max(bytes, b));
            }
        }

        return bytes > 0 ? bytes : FallbackBytes;
    }

    /// <summary>sysfs sizes read like <c>32768K</c>, <c>1M</c> or <c>512</c>.</summary>
    public static long? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var (digits, unit) = char.IsDigit(text[^1]) ? (text, 1L) : (text[..^1], char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 0L,
        });
        return unit > 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n * unit : null;
    }

    private static int? ReadInt(string path) =>
        int.TryParse(ReadText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}

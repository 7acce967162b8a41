using System.Globalization;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// One cache level as sysfs describes it for cpu0: its size per instance and how many logical processors share an
/// instance (1 for a private L1/L2, all of a socket's for an L3).
/// </summary>
internal sealed record CacheLevel(int Level, long InstanceBytes, int SharedBy)
{
    /// <summary>The tier name a calibration lists it under: <c>l1</c>, <c>l2</c>, <c>l3</c>.</summary>
    public string TierName => $"l{Level}";

    /// <summary>What all of <paramref name="processors"/> hold together: one instance per group of sharers.</summary>
    public long CapacityFor(int processors) => InstanceBytes * Math.Max(1, processors / Math.Max(1, SharedBy));
}

/// <summary>Cache sizes and sharing, from Linux sysfs where present.</summary>
internal static class CacheTopology
{
    public const string DefaultRoot = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>
    /// The data caches (data and unified; instruction caches hold no working set), one per level, lowest first; empty
    /// without sysfs.
    /// </summary>
    public static IReadOnlyList<CacheLevel> DataLevels(string root = DefaultRoot)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var levels = new SortedDictionary<int, CacheLevel>();
        foreach (var index in Directory.EnumerateDirectories(root, "index*"))
        {
            if (ReadText(Path.Combine(index, "type")) is "Instruction"
                || ReadInt(Path.Combine(index, "level")) is not { } level
                || ParseSize(ReadText(Path.Combine(index, "size"))) is not { } bytes)
            {
                continue;
            }

            levels[level] = new CacheLevel(level, bytes, CountCpus(ReadText(Path.Combine(index, "shared_cpu_list"))));
        }

        return [.. levels.Values];
    }

    /// <summary>Processors in a sysfs list such as <c>0-3,8-11</c> or <c>5</c>; 1 where absent or unreadable.</summary>
    public static int CountCpus(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return 1;
        }

        var count = 0;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-');
            if (!int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                return 1;
            }

            var last = first;
            if (bounds.Length > 1 && !int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out last))
            {
                return 1;
            }

            count += last - first + 1;
        }

        return Math.Max(1, count);
    }

    /// <summary>Assumed where sysfs says nothing: larger than the L3 of most servers, so stream buffers stay out of cache.</summary>
    public const long FallbackBytes = 64L << 20;

    public static long LastLevelBytes(string root = DefaultRoot)
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

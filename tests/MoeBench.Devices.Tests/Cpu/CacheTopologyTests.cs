using MoeBench.Devices.Cpu.Calibration;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>The last-level cache size, read from a sysfs-shaped directory.</summary>
public sealed class CacheTopologyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "moebench-cache-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("32768K", 32L << 20)]
    [InlineData("1M", 1L << 20)]
    [InlineData("2G", 2L << 30)]
    [InlineData("512", 512L)]
    [InlineData(" 48K\n", 48L << 10)]
    [InlineData("", null)]
    [InlineData("12X", null)]
    [InlineData("-1K", null)]
    public void Sizes_parse_as_sysfs_writes_them(string text, long? bytes)
    {
        Assert.Equal(bytes, CacheTopology.ParseSize(text));
    }

    [Fact]
    public void The_highest_level_wins_over_larger_lower_levels()
    {
        Index("index0", 1, "48K");
        Index("index2", 2, "2048K");
        Index("index3", 3, "1024K");

        Assert.Equal(1L << 20, CacheTopology.LastLevelBytes(_root));
    }

    [Fact]
    public void Without_sysfs_a_size_larger_than_most_l3_caches_is_assumed()
    {
        Assert.Equal(CacheTopology.FallbackBytes, CacheTopology.LastLevelBytes(Path.Combine(_root, "missing")));
    }

    private void Index(string name, int level, string size)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "level"), $"{level}\n");
        File.WriteAllText(Path.Combine(dir, "size"), $"{size}\n");
    }
}

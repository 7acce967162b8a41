using MoeBench.Devices.Cpu.Calibration;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>Cache sizes and sharing, read from a sysfs-shaped directory.</summary>
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

    [Fact]
    public void Data_levels_skip_instruction_caches_and_count_their_sharers()
    {
        Index("index0", 1, "32K", "Data", "0");
        Index("index1", 1, "32K", "Instruction", "0");
        Index("index2", 2, "1024K", "Unified", "0");
        Index("index3", 3, "32768K", "Unified", "0-7");

        var levels = CacheTopology.DataLevels(_root);

        Assert.Equal([new CacheLevel(1, 32L << 10, 1), new CacheLevel(2, 1L << 20, 1), new CacheLevel(3, 32L << 20, 8)], levels);
        Assert.Equal(["l1", "l2", "l3"], levels.Select(l => l.TierName));
    }

    [Fact]
    public void A_levels_capacity_counts_one_instance_per_group_of_sharers()
    {
        // 16 processors: a private 1 MiB L2 sixteen times, an L3 shared by 8 twice.
        Assert.Equal(16L << 20, new CacheLevel(2, 1L << 20, 1).CapacityFor(16));
        Assert.Equal(64L << 20, new CacheLevel(3, 32L << 20, 8).CapacityFor(16));
        Assert.Equal(32L << 20, new CacheLevel(3, 32L << 20, 8).CapacityFor(2)); // fewer processors than sharers: one
    }

    [Theory]
    [InlineData("0", 1)]
    [InlineData("0-1", 2)]
    [InlineData("0-3,8-11", 8)]
    [InlineData("5,7", 2)]
    [InlineData("", 1)]
    [InlineData(null, 1)]
    [InlineData("x-y", 1)]
    public void Cpu_lists_count_as_sysfs_writes_them(string? list, int count)
    {
        Assert.Equal(count, CacheTopology.CountCpus(list));
    }

    [Fact]
    public void Without_sysfs_there_are_no_data_levels()
    {
        Assert.Empty(CacheTopology.DataLevels(Path.Combine(_root, "missing")));
    }

    private void Index(string name, int level, string size, string? type = null, string? shared = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "level"), $"{level}\n");
        File.WriteAllText(Path.Combine(dir, "size"), $"{size}\n");
        if (type is not null)
        {
            File.WriteAllText(Path.Combine(dir, "type"), $"{type}\n");
        }

        if (shared is not null)
        {
            File.WriteAllText(Path.Combine(dir, "shared_cpu_list"), $"{shared}\n");
        }
    }
}

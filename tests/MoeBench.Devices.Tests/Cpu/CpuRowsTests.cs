using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>The row split of the memory-bound ops: a fixed partition, every row once, small work on the caller.</summary>
public sealed unsafe class CpuRowsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(263, 2)]
    [InlineData(263, 16)]
    [InlineData(5, 16)]
    public void Bounds_partition_the_rows_into_contiguous_balanced_ranges(int rows, int ranges)
    {
        var next = 0;
        for (var i = 0; i < ranges; i++)
        {
            var (start, end) = CpuRows.Bounds(rows, ranges, i);
            Assert.Equal(next, start);
            Assert.InRange(end - start, rows / ranges, (rows / ranges) + 1);
            next = end;
        }

        Assert.Equal(rows, next);
    }

    [Theory]
    [InlineData(1, 1L << 20)]
    [InlineData(2, 1L << 20)]
    [InlineData(263, 1024)]
    [InlineData(10_000, 64)]
    public void Every_row_is_visited_exactly_once(int rows, long bytesPerRow)
    {
        var hits = new int[rows];
        for (var round = 0; round < 20; round++)
        {
            fixed (int* p = hits)
            {
                CpuRows.For(rows, bytesPerRow, &Visit, p);
            }
        }

        Assert.All(hits, h => Assert.Equal(20, h));
    }

    [Fact]
    public void Work_too_small_to_split_runs_on_the_calling_thread_in_one_range()
    {
        var record = new int[3];
        fixed (int* p = record)
        {
            CpuRows.For(100, 16, &RecordRange, p);
        }

        Assert.Equal([0, 100, Environment.CurrentManagedThreadId], record);
    }

    [Fact]
    public void No_rows_runs_nothing()
    {
        var record = new int[3];
        fixed (int* p = record)
        {
            CpuRows.For(0, 1L << 20, &RecordRange, p);
        }

        Assert.Equal([0, 0, 0], record);
    }

    private static void Visit(void* context, int start, int end)
    {
        for (var r = start; r < end; r++)
        {
            Interlocked.Increment(ref ((int*)context)[r]);
        }
    }

    private static void RecordRange(void* context, int start, int end)
    {
        var record = (int*)context;
        record[0] = start;
        record[1] = end;
        record[2] = Environment.CurrentManagedThreadId;
    }
}

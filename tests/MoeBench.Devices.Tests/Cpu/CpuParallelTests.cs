using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>The fork/join helper under the GEMMs: every item exactly once, errors surface, no deadlock when nested or shared.</summary>
public sealed unsafe class CpuParallelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(1000)]
    public void Every_item_runs_exactly_once(int count)
    {
        var hits = new int[count];
        for (var round = 0; round < 50; round++)
        {
            fixed (int* p = hits)
            {
                CpuParallel.For(count, &Increment, p);
            }
        }

        Assert.All(hits, h => Assert.Equal(50, h));
    }

    [Fact]
    public void An_item_exception_reaches_the_caller_and_the_pool_keeps_working()
    {
        var hits = new int[64];
        fixed (int* p = hits)
        {
            var pointer = p;
            var error = Assert.Throws<InvalidOperationException>(() => CpuParallel.For(64, &ThrowOnSeven, pointer));
            Assert.Equal("item 7", error.Message);
            Array.Clear(hits);
            CpuParallel.For(64, &Increment, p);
        }

        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void A_parallel_loop_nested_in_an_item_completes()
    {
        var hits = new int[8 * 8];
        fixed (int* p = hits)
        {
            CpuParallel.For(8, &RunInner, p);
        }

        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void Loops_started_from_several_threads_at_once_all_complete()
    {
        const int Threads = 4, Count = 257, Rounds = 200;
        var hits = new int[Threads][];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            hits[t] = new int[Count];
            start.SignalAndWait();
            for (var round = 0; round < Rounds; round++)
            {
                fixed (int* p = hits[t])
                {
                    CpuParallel.For(Count, &Increment, p);
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "a parallel loop did not finish: deadlock");
        }

        Assert.All(hits, h => Assert.All(h, v => Assert.Equal(Rounds, v)));
    }

    [Fact]
    public void Owned_items_run_exactly_once_interleaved_with_dynamic_loops()
    {
        // Alternating the two modes exercises a late worker reading one job's ticket and the next job's fields.
        var owned = new int[CpuParallel.Threads];
        var dynamic = new int[13];
        const int Rounds = 2000;
        fixed (int* o = owned, d = dynamic)
        {
            for (var round = 0; round < Rounds; round++)
            {
                CpuParallel.ForEachThread(owned.Length, &Increment, o);
                CpuParallel.For(dynamic.Length, &Increment, d);
            }
        }

        Assert.All(owned, h => Assert.Equal(Rounds, h));
        Assert.All(dynamic, h => Assert.Equal(Rounds, h));
    }

    [Fact]
    public void An_owned_item_exception_reaches_the_caller()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CpuParallel.ForEachThread(CpuParallel.Threads, &ThrowOnLast, null));
        Assert.Equal("last item", error.Message);
    }

    [Fact]
    public void More_owned_items_than_threads_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuParallel.ForEachThread(CpuParallel.Threads + 1, &Increment, null));

    private static void ThrowOnLast(void* context, int index)
    {
        if (index == CpuParallel.Threads - 1)
        {
            throw new InvalidOperationException("last item");
        }
    }

    private static void Increment(void* context, int index) => Interlocked.Increment(ref ((int*)context)[index]);

    private static void ThrowOnSeven(void* context, int index)
    {
        if (index == 7)
        {
            throw new InvalidOperationException("item 7");
        }
    }

    private static void RunInner(void* context, int index) => CpuParallel.For(8, &Increment, (int*)context + (index * 8));
}

using MoeBench.Serving.Engine;

namespace MoeBench.Serving.Tests.Engine;

public class KvBlockManagerTests
{
    [Fact]
    public void A_freed_block_keeps_its_prefix_until_it_is_the_least_recently_freed_and_allocated_again()
    {
        var blocks = new KvBlockManager(3);
        int a = blocks.Allocate(), b = blocks.Allocate();
        blocks.Allocate();
        blocks.Register(a, 100);
        blocks.Register(b, 200);
        blocks.Release(a);
        blocks.Release(b);

        Assert.True(blocks.TryGetCached(100, out var cached) && cached == a);
        Assert.Equal(a, blocks.Allocate());
        Assert.False(blocks.TryGetCached(100, out _));
        Assert.True(blocks.TryGetCached(200, out _));
        Assert.Equal(1, blocks.Free);
        Assert.Equal(2, blocks.Used);
    }

    [Fact]
    public void Sharing_a_free_cached_block_takes_it_out_of_the_free_queue()
    {
        var blocks = new KvBlockManager(2);
        var a = blocks.Allocate();
        blocks.Register(a, 7);
        blocks.Release(a);
        Assert.Equal(2, blocks.Free);

        blocks.Share(a);

        Assert.Equal(1, blocks.Free);
        Assert.NotEqual(a, blocks.Allocate());
        Assert.Equal(0, blocks.Free);
        Assert.Throws<InvalidOperationException>(() => blocks.Allocate());
    }

    [Fact]
    public void Releasing_a_block_nobody_holds_is_an_error()
    {
        var blocks = new KvBlockManager(1);
        var a = blocks.Allocate();
        blocks.Release(a);

        Assert.Throws<InvalidOperationException>(() => blocks.Release(a));
    }
}

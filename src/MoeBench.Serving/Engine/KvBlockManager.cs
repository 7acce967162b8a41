namespace MoeBench.Serving.Engine;

/// <summary>
/// The paged KV cache's blocks (vLLM's KVCacheManager / BlockPool): a fixed pool, a reference count per block, and a
/// prefix cache from a block's content hash to the block that holds it. A block whose count drops to zero joins the
/// tail of the free queue but keeps its hash, so a later request with the same prefix can take it back; allocation
/// takes the head of the queue, the least recently freed, and only then forgets its hash (vLLM's
/// FreeKVCacheBlockQueue: LRU eviction of free cached blocks). Nothing here allocates after construction.
/// </summary>
public sealed class KvBlockManager
{
    private const int None = -1;
    private readonly int[] _refs;
    private readonly long[] _hash;
    private readonly bool[] _hashed;
    private readonly int[] _prev, _next;
    private readonly Dictionary<long, int> _cached;
    private int _head, _tail;

    public KvBlockManager(int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        Total = blocks;
        (_refs, _hash, _hashed, _prev, _next) = (new int[blocks], new long[blocks], new bool[blocks], new int[blocks], new int[blocks]);
        _cached = new Dictionary<long, int>(blocks);
        for (var b = 0; b < blocks; b++)
        {
            (_prev[b], _next[b]) = (b - 1, b + 1 < blocks ? b + 1 : None);
        }

        (_head, _tail, Free) = (0, blocks - 1, blocks);
    }

    public int Total { get; }

    /// <summary>Blocks no request holds (cached or not): what allocation may take.</summary>
    public int Free { get; private set; }

    /// <summary>Blocks some request holds.</summary>
    public int Used => Total - Free;

    /// <summary>A free block for a request (reference count one), evicting the least recently freed one's cached prefix.</summary>
    public int Allocate()
    {
        if (_head == None)
        {
            throw new InvalidOperationException("no free KV-cache block: the scheduler must check Free first");
        }

        var block = _head;
        Unlink(block);
        if (_hashed[block])
        {
            _cached.Remove(_hash[block]);
            _hashed[block] = false;
        }

        _refs[block] = 1;
        return block;
    }

    /// <summary>The block holding the prefix whose hash is <paramref name="hash"/>, if one still does.</summary>
    public bool TryGetCached(long hash, out int block) => _cached.TryGetValue(hash, out block);

    /// <summary>One more request holds <paramref name="block"/> (a prefix-cache hit); a free one leaves the free queue.</summary>
    public void Share(int block)
    {
        if (_refs[block]++ == 0)
        {
            Unlink(block);
        }
    }

    /// <summary>Records that <paramref name="block"/>, now full, holds the prefix <paramref name="hash"/> (the first holder wins).</summary>
    public void Register(int block, long hash)
    {
        if (!_hashed[block] && _cached.TryAdd(hash, block))
        {
            (_hash[block], _hashed[block]) = (hash, true);
        }
    }

    /// <summary>A request lets go of <paramref name="block"/>; at zero it becomes the most recently freed.</summary>
    public void Release(int block)
    {
        if (_refs[block] <= 0)
        {
            throw new InvalidOperationException($"KV block {block} released more often than taken");
        }

        if (--_refs[block] == 0)
        {
            (_prev[block], _next[block]) = (_tail, None);
            if (_tail == None)
            {
                _head = block;
            }
            else
            {
                _next[_tail] = block;
            }

            _tail = block;
            Free++;
        }
    }

    private void Unlink(int block)
    {
        var (p, n) = (_prev[block], _next[block]);
        if (p == None)
        {
            _head = n;
        }
        else
        {
            _next[p] = n;
        }

        if (n == None)
        {
            _tail = p;
        }
        else
        {
            _prev[n] = p;
        }

        Free--;
    }
}

using MoeBench.Serving.Model;

namespace MoeBench.Serving.Engine;

/// <summary>
/// Continuous batching as vLLM v1 schedules it (vllm/v1/core/sched/scheduler.py, <c>Scheduler.schedule</c>): one token
/// budget per step shared by all requests; running requests first, in order, each taking the tokens it still needs
/// (one for a decode, the rest of its prompt, in chunks when chunked prefill is on); when the KV cache has no block for
/// a running request, the newest running request is preempted (its blocks freed, recomputed later from its tokens,
/// placed at the head of the waiting queue); then, only if nobody was preempted, waiting requests in arrival order
/// while the budget, <see cref="SchedulerLimits.MaxRunningRequests"/> and free blocks allow, each first taking the
/// longest run of its prefix blocks already cached. Allocation-free per step after construction.
/// </summary>
internal sealed class Scheduler
{
    private readonly SchedulerLimits _limits;
    private readonly KvBlockManager _blocks;
    private readonly int _blockTokens;
    private readonly List<RequestState> _running;
    private readonly List<RequestState> _waiting;
    private readonly ScheduledChunk[] _chunks;

    public Scheduler(SchedulerLimits limits, KvBlockManager blocks, int blockTokens, int requests)
    {
        (_limits, _blocks, _blockTokens) = (limits, blocks, blockTokens);
        _running = new List<RequestState>(limits.MaxRunningRequests);
        _waiting = new List<RequestState>(requests);
        _chunks = new ScheduledChunk[limits.MaxRunningRequests];
    }

    public int Running => _running.Count;

    public int Waiting => _waiting.Count;

    public int ChunkCount { get; private set; }

    public int Preemptions { get; private set; }

    public long PrefixTokensLookedUp { get; private set; }

    public long PrefixTokensHit { get; private set; }

    public ReadOnlySpan<ScheduledChunk> Chunks => _chunks.AsSpan(0, ChunkCount);

    /// <summary>A request that has arrived joins the back of the waiting queue.</summary>
    public void Arrive(RequestState request) => _waiting.Add(request);

    /// <summary>Forms the next step and fills <paramref name="batch"/>; returns false when nothing could be scheduled.</summary>
    public bool Schedule(DecoderBatch batch)
    {
        ChunkCount = 0;
        batch.Clear();
        var budget = _limits.MaxBatchTokens;
        var preempted = false;
        for (var i = 0; i < _running.Count && budget > 0; i++)
        {
            var request = _running[i];
            var count = Math.Min(request.Length - request.Computed, budget);
            var scheduled = true;
            while (!Reserve(request, request.Computed + count))
            {
                var victim = _running[^1];
                _running.RemoveAt(_running.Count - 1);
                Preempt(victim);
                preempted = true;
                if (victim == request)
                {
                    scheduled = false;
                    break;
                }
            }

            if (scheduled)
            {
                Add(request, count);
                budget -= count;
            }
        }

        while (!preempted && budget > 0 && _waiting.Count > 0 && _running.Count < _limits.MaxRunningRequests)
        {
            var request = _waiting[0];
            if (!Admit(request, budget, out var count))
            {
                break;
            }

            _waiting.RemoveAt(0);
            _running.Add(request);
            Add(request, count);
            budget -= count;
        }

        for (var c = 0; c < ChunkCount; c++)
        {
            var chunk = _chunks[c];
            var r = chunk.Request;
            batch.AddSequence(r.Tokens.AsSpan(chunk.Start, chunk.Count), chunk.Start, r.Blocks.AsSpan(0, r.BlockCount), chunk.YieldsToken);
        }

        return ChunkCount > 0;
    }

    /// <summary>
    /// After the forward: each chunk's tokens are in the cache (full prompt blocks join the prefix cache), and each
    /// request whose chunk reached its last token takes its next token, produced at <paramref name="seconds"/>.
    /// </summary>
    public void Complete(DecoderBatch batch, double seconds, List<RequestState> finished)
    {
        var next = 0;
        for (var c = 0; c < ChunkCount; c++)
        {
            var chunk = _chunks[c];
            var r = chunk.Request;
            r.Computed += chunk.Count;
            for (var j = chunk.Start / _blockTokens; j < Math.Min(r.HashedBlocks, r.Computed / _blockTokens); j++)
            {
                _blocks.Register(r.Blocks[j], r.Hashes[j]);
            }

            if (!chunk.YieldsToken)
            {
                continue;
            }

            var token = batch.NextTokens[next++];
            r.TokenSeconds[r.Generated++] = seconds;
            if (r.Finished)
            {
                ReleaseBlocks(r);
                _running.Remove(r);
                finished.Add(r);
            }
            else
            {
                r.Tokens[r.Length++] = token;
            }
        }
    }

    /// <summary>Every request still inside the engine (for the records of a cancelled run).</summary>
    public IEnumerable<RequestState> Unfinished => _running.Concat(_waiting);

    private void Add(RequestState request, int count) =>
        _chunks[ChunkCount++] = new ScheduledChunk { Request = request, Start = request.Computed, Count = count };

    /// <summary>
    /// Takes the cached prefix of a waiting request and the blocks for its first chunk; false (nothing taken) when the
    /// chunk does not fit the budget without chunked prefill, or the cache has too few free blocks.
    /// </summary>
    private bool Admit(RequestState request, int budget, out int count)
    {
        // The last token is always computed, even on a full hit, because its logits give the next token (vLLM does the same).
        var lookup = Math.Min(request.HashedBlocks, (request.Length - 1) / _blockTokens);
        var hits = 0;
        while (hits < lookup && _blocks.TryGetCached(request.Hashes[hits], out var block))
        {
            _blocks.Share(block);
            request.Blocks[hits++] = block;
        }

        request.BlockCount = hits;
        request.Computed = hits * _blockTokens;
        var need = request.Length - request.Computed;
        count = Math.Min(need, budget);

        // Without chunked prefill a prompt waits for a budget that holds it whole; a recompute longer than any budget
        // (prompt plus generated tokens) is chunked all the same, or it could never run again.
        var mustWait = !_limits.ChunkedPrefill && count < need && need <= _limits.MaxBatchTokens;
        if (mustWait || !Reserve(request, request.Computed + count))
        {
            ReleaseBlocks(request);
            request.Computed = 0;
            return false;
        }

        PrefixTokensLookedUp += (long)lookup * _blockTokens;
        PrefixTokensHit += (long)hits * _blockTokens;
        request.PrefixTokensReused += hits * _blockTokens;
        request.PrefillTarget = request.Length;
        return true;
    }

    /// <summary>Gives <paramref name="request"/> blocks for <paramref name="tokens"/> tokens; false (nothing taken) when too few are free.</summary>
    private bool Reserve(RequestState request, int tokens)
    {
        var needed = ((tokens + _blockTokens - 1) / _blockTokens) - request.BlockCount;
        if (needed > _blocks.Free)
        {
            return false;
        }

        for (var i = 0; i < needed; i++)
        {
            request.Blocks[request.BlockCount++] = _blocks.Allocate();
        }

        return true;
    }

    private void Preempt(RequestState request)
    {
        ReleaseBlocks(request);
        request.Computed = 0;
        request.Preemptions++;
        Preemptions++;
        _waiting.Insert(0, request);
    }

    /// <summary>Frees the request's blocks last first, so its tail is evicted before the prefix others may share.</summary>
    private void ReleaseBlocks(RequestState request)
    {
        for (var i = request.BlockCount - 1; i >= 0; i--)
        {
            _blocks.Release(request.Blocks[i]);
        }

        request.BlockCount = 0;
    }
}

namespace MoeBench.Serving.Engine;

/// <summary>A request inside the engine: its tokens so far, how many have KV in the cache, its blocks and token times.</summary>
internal sealed class RequestState
{
    public RequestState(ServingRequest request, int seed, int vocab, int blockTokens)
    {
        Request = request;
        Tokens = new int[request.PromptTokens + request.OutputTokens];
        PromptTokens.Fill(request, seed, vocab, Tokens);
        Length = request.PromptTokens;
        Blocks = new int[(Tokens.Length + blockTokens - 1) / blockTokens];
        Hashes = new long[Blocks.Length];
        HashedBlocks = PromptTokens.BlockHashes(request, blockTokens, Hashes);
        TokenSeconds = new double[request.OutputTokens];
    }

    public ServingRequest Request { get; }

    /// <summary>Prompt then generated ids; the first <see cref="Length"/> are known.</summary>
    public int[] Tokens { get; }

    public int Length { get; set; }

    /// <summary>Tokens whose keys and values are in the cache (zero again after a preemption: vLLM recomputes).</summary>
    public int Computed { get; set; }

    /// <summary>Tokens this admission has to prefill (prompt, plus what it had generated when it was preempted).</summary>
    public int PrefillTarget { get; set; }

    public int[] Blocks { get; }

    public int BlockCount { get; set; }

    /// <summary>Content hashes of the prompt's shareable blocks (<see cref="HashedBlocks"/> of them).</summary>
    public long[] Hashes { get; }

    public int HashedBlocks { get; }

    public int Generated { get; set; }

    public double[] TokenSeconds { get; }

    public int Preemptions { get; set; }

    public int PrefixTokensReused { get; set; }

    public bool Finished => Generated == Request.OutputTokens;

    public RequestRecord ToRecord()
    {
        var tokens = TokenSeconds[..Generated];
        return new RequestRecord(
            Request.Id, Request.ArrivalSeconds, Request.PromptTokens, Request.OutputTokens,
            Generated > 0 ? tokens[0] : null, tokens, Finished ? tokens[^1] : null, Preemptions, PrefixTokensReused, Request.Warmup);
    }
}

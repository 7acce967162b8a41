namespace MoeBench.Serving.Engine;

/// <summary>
/// Token ids of a request's prompt and the content hashes of its shareable KV blocks. A position inside a shared prefix
/// block takes its id from that block's id alone, so requests that share prefix ids share those tokens for real, and
/// a KV block's hash chains over every prefix id its tokens (and all before them) came from, as vLLM's block hash
/// chains over the parent block's hash.
/// </summary>
public static class PromptTokens
{
    public static void Fill(ServingRequest request, int seed, int vocab, Span<int> tokens)
    {
        var shared = SharedTokens(request);
        for (var p = 0; p < request.PromptTokens; p++)
        {
            var key = p < shared
                ? Mix(Mix(0x5EEDL, request.PrefixBlockIds[p / request.PrefixBlockTokens]), p % request.PrefixBlockTokens)
                : Mix(Mix(Mix(0x7A11L, seed), request.Id), p);
            tokens[p] = (int)((ulong)key % (ulong)vocab);
        }
    }

    /// <summary>Hashes of the KV blocks of <paramref name="blockTokens"/> that lie wholly inside the shared prefix; returns how many.</summary>
    public static int BlockHashes(ServingRequest request, int blockTokens, Span<long> hashes)
    {
        var count = Math.Min(SharedTokens(request) / blockTokens, hashes.Length);
        var hash = unchecked((long)0x9E3779B97F4A7C15);
        var mixedIds = 0;
        for (var j = 0; j < count; j++)
        {
            var lastId = ((((j + 1) * blockTokens) - 1) / request.PrefixBlockTokens) + 1;
            for (; mixedIds < lastId; mixedIds++)
            {
                hash = Mix(hash, request.PrefixBlockIds[mixedIds]);
            }

            hashes[j] = Mix(hash, j);
        }

        return count;
    }

    private static int SharedTokens(ServingRequest request) => request.PrefixBlockTokens <= 0
        ? 0
        : (int)Math.Min(request.PromptTokens, (long)request.PrefixBlockIds.Count * request.PrefixBlockTokens);

    /// <summary>SplitMix64's finaliser over the running value and the next input: well spread, stable across runs.</summary>
    private static long Mix(long hash, long value)
    {
        var z = unchecked((ulong)hash + ((ulong)value * 0x9E3779B97F4A7C15) + 0x632BE59BD9B4E019);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return unchecked((long)(z ^ (z >> 31)));
    }
}

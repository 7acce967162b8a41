using MoeBench.Core.Models;
using MoeBench.Core.Routing;
using MoeBench.Devices.Cpu;
using MoeBench.Serving.Engine;

namespace MoeBench.Serving.Tests.Engine;

/// <summary>A model small enough that a test serves dozens of requests in well under a second, with every part of a real one.</summary>
internal static class TinyModel
{
    // 4 query heads over 2 KV heads of width 12: grouped queries, and a head width that is not a multiple of 8 lanes.
    public static ModelConfig Config { get; } = new(
        "tiny", "Tiny", Hidden: 48, ExpertFfn: 24, Experts: 4, TopK: 2, SharedExperts: 1, SharedFfn: 16, Layers: 3, MoeLayers: 3,
        Heads: 4, KvHeads: 2, Vocab: 101, RoutingScore.Softmax, Renormalize: true, HeadDim: 12, ContextTokens: 256);

    /// <summary>Bytes of KV cache per token for <paramref name="layers"/> layers: 2 (K, V) × KV heads × head dim × 4 B.</summary>
    public static long KvBytesPerToken(int layers) => 2L * layers * Config.KvHeads * Config.HeadDim * sizeof(float);

    public static ServingEngineOptions Options(
        int kvBlocks = 64, int maxBatchTokens = 64, int maxRunning = 8, bool chunked = true, int blockTokens = 4, int seed = 7) =>
        new("tiny", Layers: 2, maxBatchTokens, maxRunning, chunked, kvBlocks * blockTokens * KvBytesPerToken(2), blockTokens, seed);

    public static ServingEngine Engine(CpuDevice device, ServingEngineOptions options) => new(device, Config, options);

    public static ServingRequest Request(int id, double arrival, int prompt, int output, params long[] prefix) =>
        new(id, arrival, prompt, output, prefix, PrefixBlockTokens: 8, Warmup: false);
}

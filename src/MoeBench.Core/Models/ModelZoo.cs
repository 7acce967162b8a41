using System.Globalization;

namespace MoeBench.Core.Models;

/// <summary>
/// Real MoE configurations, figures from each model's published config.json (the project's reference table,
/// shared/reference/models.md: hidden, FFN, experts, heads / KV heads, head dim where set apart, vocab). Context is
/// each config.json's max_position_embeddings, which that table does not list (check before relying on one).
/// Look-ups accept a scale suffix: <c>mixtral-8x7b@1/8</c> divides hidden and FFN widths by 8.
/// </summary>
public static class ModelZoo
{
    private static readonly ModelConfig[] Configs =
    [
        new("mixtral-8x7b", "Mixtral-8x7B", 4096, 14336, 8, 2, 0, 0, 32, 32, 32, 8, 32000, RoutingScore.Softmax, Renormalize: true, ContextTokens: 32768),
        new("mixtral-8x22b", "Mixtral-8x22B", 6144, 16384, 8, 2, 0, 0, 56, 56, 48, 8, 32768, RoutingScore.Softmax, Renormalize: true, ContextTokens: 65536),
        // Two shared experts of 1408 each run as one MLP of 2816 (moe_intermediate_size × n_shared_experts).
        new("deepseek-v2-lite", "DeepSeek-V2-Lite", 2048, 1408, 64, 6, 2, 2816, 27, 26, 16, 16, 102400, RoutingScore.Softmax, Renormalize: false, ContextTokens: 163840),
        new("deepseek-v3", "DeepSeek-V3", 7168, 2048, 256, 8, 1, 2048, 61, 58, 128, 128, 129280, RoutingScore.Sigmoid, Renormalize: true, RoutedScale: 2.5, Groups: 8, TopKGroups: 4, ContextTokens: 163840),
        new("qwen1.5-moe-a2.7b", "Qwen1.5-MoE-A2.7B", 2048, 1408, 60, 4, 1, 5632, 24, 24, 16, 16, 151936, RoutingScore.Softmax, Renormalize: false, ContextTokens: 8192),
        new("qwen3-30b-a3b", "Qwen3-30B-A3B", 2048, 768, 128, 8, 0, 0, 48, 48, 32, 4, 151936, RoutingScore.Softmax, Renormalize: true, HeadDim: 128, ContextTokens: 40960),
        new("olmoe-1b-7b", "OLMoE-1B-7B", 2048, 1024, 64, 8, 0, 0, 16, 16, 16, 16, 50304, RoutingScore.Softmax, Renormalize: false, ContextTokens: 4096),
        new("gpt-oss-20b", "gpt-oss-20b", 2880, 2880, 32, 4, 0, 0, 24, 24, 64, 8, 201088, RoutingScore.Softmax, Renormalize: true, HeadDim: 64, ContextTokens: 131072),
        new("gpt-oss-120b", "gpt-oss-120b", 2880, 2880, 128, 4, 0, 0, 36, 36, 64, 8, 201088, RoutingScore.Softmax, Renormalize: true, HeadDim: 64, ContextTokens: 131072),
        new("dbrx", "DBRX", 6144, 10752, 16, 4, 0, 0, 40, 40, 48, 8, 100352, RoutingScore.Softmax, Renormalize: true, ContextTokens: 32768),
        // Switch-Base-8: 12 encoder + 12 decoder layers, every other one MoE; top-1 weight is the raw softmax probability.
        new("switch-base-8", "Switch-Base-8", 768, 3072, 8, 1, 0, 0, 24, 12, 12, 12, 32128, RoutingScore.Softmax, Renormalize: false, ContextTokens: 512),
    ];

    public static IReadOnlyList<ModelConfig> All => Configs;

    /// <summary>Finds a model by id, with an optional <c>@1/N</c> scale suffix.</summary>
    public static bool TryGet(string id, out ModelConfig config, out string error)
    {
        config = null!;
        var at = id.IndexOf('@', StringComparison.Ordinal);
        var baseId = at < 0 ? id : id[..at];
        var found = Array.Find(Configs, c => c.Id == baseId);
        if (found is null)
        {
            error = $"unknown model '{baseId}' (known: {string.Join(", ", Configs.Select(c => c.Id))})";
            return false;
        }

        if (at < 0)
        {
            config = found;
            error = "";
            return true;
        }

        var scale = id[(at + 1)..];
        if (!scale.StartsWith("1/", StringComparison.Ordinal)
            || !int.TryParse(scale.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var divisor)
            || divisor < 1)
        {
            error = $"bad scale '{scale}' in '{id}': expected @1/N with N a positive integer";
            return false;
        }

        try
        {
            config = found.ScaledBy(divisor);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }

        error = "";
        return true;
    }

    public static ModelConfig Get(string id) =>
        TryGet(id, out var config, out var error) ? config : throw new ArgumentException(error, nameof(id));
}

namespace MoeBench.Core.Models;

/// <summary>How router logits become expert scores.</summary>
public enum RoutingScore
{
    /// <summary>Softmax over all experts (Mixtral, Qwen, OLMoE, DeepSeek-V2).</summary>
    Softmax,

    /// <summary>Independent sigmoid per expert (DeepSeek-V3).</summary>
    Sigmoid,
}

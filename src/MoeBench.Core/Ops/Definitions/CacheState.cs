namespace MoeBench.Core.Ops.Definitions;

/// <summary>Whether a case's inputs may stay in cache between invocations (hot) or are rotated out of it (cold).</summary>
public enum CacheState
{
    Hot,
    Cold,
}

public static class CacheStates
{
    public static string ToName(this CacheState cache) => cache == CacheState.Cold ? "cold" : "hot";

    public static CacheState Parse(string name) => name switch
    {
        "hot" => CacheState.Hot,
        "cold" => CacheState.Cold,
        _ => throw new ArgumentException($"unknown cache state '{name}' (hot or cold)"),
    };
}

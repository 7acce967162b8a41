namespace MoeBench.Core.Cases;

public enum CaseLevel
{
    /// <summary>One op on one device.</summary>
    Kernel,

    /// <summary>A whole MoE block of a (scaled) real model.</summary>
    Layer,

    /// <summary>End-to-end serving.</summary>
    Scenario,
}

public static class CaseLevelNames
{
    public static string ToName(this CaseLevel level) => level switch
    {
        CaseLevel.Kernel => "kernel",
        CaseLevel.Layer => "layer",
        CaseLevel.Scenario => "scenario",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static CaseLevel Parse(string name) => name switch
    {
        "kernel" => CaseLevel.Kernel,
        "layer" => CaseLevel.Layer,
        "scenario" => CaseLevel.Scenario,
        _ => throw new FormatException($"unknown case level '{name}'"),
    };
}

namespace MoeBench.Core;

/// <summary>How a number came to be; reports never mix them up.</summary>
public enum Provenance
{
    /// <summary>Timed on real hardware.</summary>
    Measured,

    /// <summary>Predicted from a roofline model of a hardware profile.</summary>
    Modeled,

    /// <summary>Produced by the discrete-event serving simulator.</summary>
    Simulated,
}

public static class ProvenanceNames
{
    public static string ToName(this Provenance p) => p switch
    {
        Provenance.Measured => "measured",
        Provenance.Modeled => "modeled",
        Provenance.Simulated => "simulated",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    public static Provenance Parse(string name) => name switch
    {
        "measured" => Provenance.Measured,
        "modeled" => Provenance.Modeled,
        "simulated" => Provenance.Simulated,
        _ => throw new FormatException($"unknown provenance '{name}'"),
    };
}

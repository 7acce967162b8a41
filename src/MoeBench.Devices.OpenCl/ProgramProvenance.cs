namespace MoeBench.Devices.OpenCl;

/// <summary>Where a device's program came from.</summary>
public enum ProgramOrigin
{
    /// <summary>Compiled from the embedded OpenCL C sources now (and saved to the binary cache).</summary>
    BuiltFromSource,

    /// <summary>The binary an earlier build from the same sources saved in the cache for this device.</summary>
    CachedBinary,

    /// <summary>A binary compiled offline and named by the user: the FPGA flow (.aocx, .xclbin).</summary>
    PrecompiledBinary,
}

/// <summary>
/// The program a device runs. A cached binary is the same program as a build of the same sources (the cache only
/// saves the compile time), so both are named in the identity by the sources' hash; an offline binary is named by its
/// own hash, since nothing here can tell which sources it came from.
/// </summary>
/// <param name="BinarySha256">The binary's SHA-256, for a cached or precompiled binary; null for a fresh build.</param>
/// <param name="BinaryPath">The file a binary was loaded from; null for a fresh build.</param>
public sealed record ProgramProvenance(ProgramOrigin Origin, string SourceSha256, string? BinarySha256, string? BinaryPath)
{
    /// <summary>The part of the device identity that names the program.</summary>
    public string Identity => Origin == ProgramOrigin.PrecompiledBinary
        ? $"program: precompiled binary {Path.GetFileName(BinaryPath)}, sha256 {BinarySha256}"
        : $"program: source-built, sources sha256 {SourceSha256}";

    /// <summary>For a listing or a log: how this open obtained its program.</summary>
    public override string ToString() => Origin switch
    {
        ProgramOrigin.BuiltFromSource => $"built from source (sha256 {SourceSha256[..16]})",
        ProgramOrigin.CachedBinary => $"cached binary {BinaryPath} (sha256 {BinarySha256?[..16]}) of sources {SourceSha256[..16]}",
        _ => $"precompiled binary {BinaryPath} (sha256 {BinarySha256?[..16]})",
    };
}

using MoeBench.Core;

namespace MoeBench.Devices.Modeled;

/// <summary>Peak arithmetic throughput of one element type on one instruction path; dense figures drive the model.</summary>
/// <param name="DType">As the profile spells it: <c>f32</c>, <c>tf32</c>, <c>fp16</c>, <c>bf16</c>, <c>fp8</c>, <c>int8</c>, <c>int4</c>.</param>
/// <param name="Sparse">The vendor's structured-sparsity figure, kept apart so no roof is ever the sparse one.</param>
public sealed record ProfilePeak(string DType, string Path, SourcedFigure Dense, SourcedFigure? Sparse);

/// <summary>One memory tier: main memory first in a profile, then caches and other tiers.</summary>
public sealed record ProfileTier(string Name, SourcedFigure CapacityBytes, SourcedFigure BandwidthBytesPerSecond, SourcedFigure? LatencySeconds);

/// <summary>A host↔device or device↔device link.</summary>
/// <param name="Between"><c>host-device</c> or <c>device-device</c>.</param>
public sealed record ProfileLink(string Name, string Between, SourcedFigure BandwidthBytesPerSecond, SourcedFigure? LatencySeconds);

/// <summary>
/// A device described by a <c>hardware/NAME.yaml</c> profile: what a <c>modeled:NAME</c> device predicts from. Plain
/// data, every figure with its source; <see cref="ContentHash"/> pins the exact file a result was predicted from.
/// </summary>
/// <param name="Name">The file name without <c>.yaml</c>: the device is <c>modeled:NAME</c>.</param>
/// <param name="File">The profile's path as given, for messages and the roof source.</param>
/// <param name="ContentHash">SHA-256 of the file's bytes, lower-case hex; empty for a profile not yet written.</param>
/// <param name="LaunchOverheadSeconds">Fixed cost of each kernel launch, paid once per kernel of a case.</param>
/// <param name="TwinOf">The measured device this profile models, where it was emitted from one's calibration.</param>
public sealed record HardwareProfile(
    string Name,
    string File,
    string ContentHash,
    string Vendor,
    string Model,
    DeviceClass Class,
    IReadOnlyList<ProfilePeak> Peaks,
    IReadOnlyList<ProfileTier> Memory,
    IReadOnlyList<ProfileLink> Links,
    SourcedFigure LaunchOverheadSeconds,
    SourcedFigure? TdpWatts,
    TwinOf? TwinOf)
{
    /// <summary>The device id a profile is listed under.</summary>
    public string DeviceId => ModeledBackend.Prefix + Name;

    /// <summary>The file as its folder and name (<c>hardware/h100-sxm.yaml</c>): the same on every machine.</summary>
    public string ShortPath => $"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(File)))}/{Path.GetFileName(File)}";

    /// <summary>How results name their roofs: <c>profile hardware/h100-sxm.yaml sha256:0123456789ab</c>.</summary>
    public string RoofSource => $"profile {ShortPath} sha256:{ContentHash[..Math.Min(12, ContentHash.Length)]}";
}

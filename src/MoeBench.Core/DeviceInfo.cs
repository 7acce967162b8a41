using System.Security.Cryptography;
using System.Text;
using MoeBench.Core.Calibration;

namespace MoeBench.Core;

/// <summary>
/// What a device is, as plain data stored with every result: identity, capabilities summary and roofs.
/// Roofs are lists — <see cref="Peaks"/> per dtype and instruction path, <see cref="MemoryTiers"/> (main memory
/// first), <see cref="Links"/> — and <see cref="RoofSource"/> says where they come from (a stored calibration, or a
/// datasheet profile). <see cref="PeakFlopsF32"/>, <see cref="PeakFlopsInteger"/> and
/// <see cref="BandwidthBytesPerSecond"/> are views of those lists for the roofline; setting one (the constructor,
/// <c>with</c>) replaces its entry in the list. A measured device opens with no roofs and <see cref="NotCalibrated"/>:
/// its roofs come only from a calibration (<c>Core.Calibration</c>).
/// </summary>
/// <param name="Id">How users name it: <c>cpu</c>, <c>cpu-blas</c>, <c>modeled:h100-sxm</c>.</param>
/// <param name="Kind">How its numbers are obtained: measured on real hardware or modeled from a profile.</param>
public sealed record DeviceInfo(
    string Id,
    string Backend,
    string Vendor,
    string Model,
    int Cores,
    IReadOnlyList<string> Isa,
    long MemoryBytes,
    double PeakFlopsF32,
    double BandwidthBytesPerSecond,
    string RoofSource,
    Provenance Kind,
    string Details = "")
{
    public const string NotCalibrated = "not calibrated";

    /// <summary>The default timer's name: the host clock read after synchronising the device.</summary>
    public const string HostClockTimer = "host-clock+sync";

    // Initialised from the positional figures; the properties below read and replace entries of these lists.
    private IReadOnlyList<PeakRoof> _peaks = RoofLists.WithPeak([], DType.F32, PeakFlopsF32);
    private IReadOnlyList<MemoryTier> _memoryTiers = RoofLists.WithMainBandwidth([], BandwidthBytesPerSecond);

    /// <summary>
    /// The timer its results were measured by (<c>Devices.Timing.IDeviceTimer</c>): <see cref="HostClockTimer"/>, or a
    /// device's own events. Not part of the identity: the same silicon timed another way is still the same device.
    /// </summary>
    public string Timer { get; init; } = HostClockTimer;

    /// <summary>Peak FLOP/s per dtype and instruction path (integer dot products as <see cref="DType.I8"/>).</summary>
    public IReadOnlyList<PeakRoof> Peaks { get => _peaks; init => _peaks = value; }

    /// <summary>Memory tiers, main memory first (the one cold working sets are held to).</summary>
    public IReadOnlyList<MemoryTier> MemoryTiers { get => _memoryTiers; init => _memoryTiers = value; }

    /// <summary>Host↔device and device↔device links; none for a CPU.</summary>
    public IReadOnlyList<DeviceLink> Links { get; init; } = [];

    /// <summary>The fastest fp32 path's all-thread peak; NaN where none is listed.</summary>
    public double PeakFlopsF32
    {
        get => RoofLists.BestPeak(_peaks, DType.F32);
        init => _peaks = RoofLists.WithPeak(_peaks, DType.F32, value);
    }

    /// <summary>
    /// Peak FLOP/s of integer dot products — int8/int4 weights times int16 activations on a CPU with AVX-512BW —
    /// that <see cref="Ops.OpCost.IntegerFlops"/> are held to; NaN where the device has none measured, and then
    /// those FLOPs count against <see cref="PeakFlopsF32"/>. Not part of the identity: calibration refines it.
    /// </summary>
    public double PeakFlopsInteger
    {
        get => RoofLists.BestPeak(_peaks, DType.I8);
        init => _peaks = RoofLists.WithPeak(_peaks, DType.I8, value);
    }

    /// <summary>Sustainable bandwidth of the main memory tier; NaN where none is listed.</summary>
    public double BandwidthBytesPerSecond
    {
        get => RoofLists.MainBandwidth(_memoryTiers);
        init => _memoryTiers = RoofLists.WithMainBandwidth(_memoryTiers, value);
    }

    /// <summary>An integer dot-product peak is known (finite and positive).</summary>
    public bool HasIntegerRoof => double.IsFinite(PeakFlopsInteger) && PeakFlopsInteger > 0;

    /// <summary>Both roofs are known (finite and positive), so a share of peak means something.</summary>
    public bool HasRoofs =>
        double.IsFinite(PeakFlopsF32) && PeakFlopsF32 > 0 && double.IsFinite(BandwidthBytesPerSecond) && BandwidthBytesPerSecond > 0;

    /// <summary>Value equality, lists by their entries: two opens of one device, or one read back from the store, are equal.</summary>
    public bool Equals(DeviceInfo? other) =>
        other is not null
        && (Id, Backend, Vendor, Model, Cores, MemoryBytes, RoofSource, Kind, Details, Timer)
            == (other.Id, other.Backend, other.Vendor, other.Model, other.Cores, other.MemoryBytes, other.RoofSource, other.Kind, other.Details, other.Timer)
        && Isa.SequenceEqual(other.Isa) && Peaks.SequenceEqual(other.Peaks) && MemoryTiers.SequenceEqual(other.MemoryTiers)
        && Links.SequenceEqual(other.Links);

    public override int GetHashCode() => HashCode.Combine(Id, Backend, Model, RoofSource, PeakFlopsF32, BandwidthBytesPerSecond);

    /// <summary>
    /// Stable key of the device's identity (not its roofs, which calibration refines): results compare only
    /// when this matches.
    /// </summary>
    public string IdentityKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{Id}|{Backend}|{Vendor}|{Model}|{Cores}|{string.Join(',', Isa)}|{Details}")))[..16];
}

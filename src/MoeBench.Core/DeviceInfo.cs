using System.Security.Cryptography;
using System.Text;

namespace MoeBench.Core;

/// <summary>
/// What a device is, as plain data stored with every result: identity, capabilities summary and roofs.
/// Roofs are peak fp32 FLOP/s and sustainable memory bandwidth; <see cref="RoofSource"/> says where they come
/// from (a stored calibration, or a datasheet profile). A measured device opens with NaN roofs and
/// <see cref="NotCalibrated"/>: its roofs come only from a calibration (<c>Core.Calibration</c>).
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

    /// <summary>
    /// The timer its results were measured by (<c>Devices.Timing.IDeviceTimer</c>): <see cref="HostClockTimer"/>, or a
    /// device's own events. Not part of the identity: the same silicon timed another way is still the same device.
    /// </summary>
    public string Timer { get; init; } = HostClockTimer;

    /// <summary>
    /// Peak FLOP/s of integer dot products — int8/int4 weights times int16 activations on a CPU with AVX-512BW —
    /// that <see cref="Ops.OpCost.IntegerFlops"/> are held to; NaN where the device has none measured, and then
    /// those FLOPs count against <see cref="PeakFlopsF32"/>. Not part of the identity: calibration refines it.
    /// </summary>
    public double PeakFlopsInteger { get; init; } = double.NaN;

    /// <summary>An integer dot-product peak is known (finite and positive).</summary>
    public bool HasIntegerRoof => double.IsFinite(PeakFlopsInteger) && PeakFlopsInteger > 0;

    /// <summary>Both roofs are known (finite and positive), so a share of peak means something.</summary>
    public bool HasRoofs =>
        double.IsFinite(PeakFlopsF32) && PeakFlopsF32 > 0 && double.IsFinite(BandwidthBytesPerSecond) && BandwidthBytesPerSecond > 0;

    /// <summary>
    /// Stable key of the device's identity (not its roofs, which calibration refines): results compare only
    /// when this matches.
    /// </summary>
    public string IdentityKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{Id}|{Backend}|{Vendor}|{Model}|{Cores}|{string.Join(',', Isa)}|{Details}")))[..16];
}

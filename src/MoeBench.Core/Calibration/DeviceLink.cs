namespace MoeBench.Core.Calibration;

/// <summary>
/// A connection data crosses to reach or leave a device: host↔device (<c>host-device</c> over PCIe) or
/// device↔device (<c>nvlink</c>). A CPU device has none: its data is already in its memory.
/// </summary>
/// <param name="LatencySeconds">Latency of a small transfer; NaN where not measured.</param>
public sealed record DeviceLink(string Name, double BandwidthBytesPerSecond, double LatencySeconds);

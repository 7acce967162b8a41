namespace MoeBench.Devices.Timing;

/// <summary>
/// A device that times its work with its own clock (GPU events, OpenCL profiling events) instead of the host clock
/// around <see cref="IDevice.Synchronize"/>. Its <see cref="Core.DeviceInfo.Timer"/> names the same timer.
/// </summary>
public interface ITimingCapability
{
    IDeviceTimer Timer { get; }
}

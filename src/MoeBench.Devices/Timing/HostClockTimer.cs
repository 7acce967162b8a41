using MoeBench.Core;

namespace MoeBench.Devices.Timing;

/// <summary>
/// The default timer: synchronise, read the host clock, run the work, synchronise, read it again — so queued work
/// before the span is not counted and asynchronous work inside it is.
/// </summary>
public sealed class HostClockTimer(IDevice device, TimeProvider time) : IDeviceTimer
{
    public string Name => DeviceInfo.HostClockTimer;

    public TimeSpan Time(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        device.Synchronize();
        var t0 = time.GetTimestamp();
        work();
        device.Synchronize();
        return time.GetElapsedTime(t0);
    }
}

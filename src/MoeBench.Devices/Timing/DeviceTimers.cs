namespace MoeBench.Devices.Timing;

/// <summary>Picks the timer a device's work is measured by.</summary>
public static class DeviceTimers
{
    /// <summary>The device's own timer where it has one, else the host clock (<paramref name="time"/>) around synchronisation.</summary>
    public static IDeviceTimer For(IDevice device, TimeProvider time) =>
        device is ITimingCapability timing ? timing.Timer : new HostClockTimer(device, time);
}

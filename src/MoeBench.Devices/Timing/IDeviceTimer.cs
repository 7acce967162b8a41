namespace MoeBench.Devices.Timing;

/// <summary>
/// How a span of device work is timed: the host clock read after <see cref="IDevice.Synchronize"/> by default
/// (<see cref="HostClockTimer"/>), a device's own events where its API has them (DESIGN.md §4 rule 2). Results record
/// <see cref="Name"/> as <see cref="Core.DeviceInfo.Timer"/>, so a reader knows which clock gave the numbers.
/// </summary>
public interface IDeviceTimer
{
    /// <summary><c>host-clock+sync</c>, or a device's own, such as <c>cuda-events</c>.</summary>
    string Name { get; }

    /// <summary>Runs <paramref name="work"/> once and returns the device time it took, all its work completed.</summary>
    TimeSpan Time(Action work);
}

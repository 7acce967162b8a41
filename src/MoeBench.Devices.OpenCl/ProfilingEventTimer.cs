using MoeBench.Devices.Timing;

namespace MoeBench.Devices.OpenCl;

/// <summary>Times device work by OpenCL profiling events (DESIGN.md §4 rule 2): the device's clock, not the host's.</summary>
internal sealed class ProfilingEventTimer(OpenClQueue queue) : IDeviceTimer
{
    public const string TimerName = "opencl-profiling-events";

    public string Name => TimerName;

    public TimeSpan Time(Action work) => queue.Time(work);
}

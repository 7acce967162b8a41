using ILGPU.Runtime;
using MoeBench.Devices.Timing;

namespace MoeBench.Devices.Ilgpu;

/// <summary>
/// Times device work between two profiling markers on the accelerator's default stream — CUDA events recorded into
/// the stream, so the span is the GPU's own, without host launch latency at either end. Needs a context built with
/// profiling on (<see cref="IlgpuDevice"/> does so for CUDA).
/// </summary>
internal sealed class ProfilingMarkerTimer(Accelerator accelerator) : IDeviceTimer
{
    public const string TimerName = "cuda-events (ILGPU profiling markers)";

    public string Name => TimerName;

    public TimeSpan Time(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        accelerator.Synchronize();
        using var start = accelerator.DefaultStream.AddProfilingMarker();
        work();
        using var end = accelerator.DefaultStream.AddProfilingMarker();
        accelerator.Synchronize();
        return end - start;
    }
}

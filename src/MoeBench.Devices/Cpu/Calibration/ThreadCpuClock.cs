using System.Runtime.InteropServices;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// The calling thread's own CPU time (Linux CLOCK_THREAD_CPUTIME_ID): it advances only while the thread runs, so a
/// neighbour that takes the core for a while does not stretch what it measures. Absent elsewhere.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3; // linux/time.h

    /// <summary>True where the clock exists: 64-bit Linux (the timespec layout below is that ABI's).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    /// <summary>Seconds of CPU time the calling thread has used.</summary>
    public static double Now()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return time.Seconds + (time.Nanoseconds * 1e-9);
    }

    private static bool Probe()
    {
        try
        {
            return clock_gettime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

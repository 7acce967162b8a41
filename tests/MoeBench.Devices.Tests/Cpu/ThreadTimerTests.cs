using System.Diagnostics;
using MoeBench.Devices.Cpu.Calibration;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>The calibration's timer counts the workers' own time, however the releasing thread is scheduled.</summary>
public sealed class ThreadTimerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void Every_workers_busy_time_is_inside_the_measured_span_even_with_more_threads_than_cores(int threads)
    {
        // More threads than cores: workers can run to completion before the thread that released them runs again.
        var busy = TimeSpan.FromMilliseconds(20);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var seconds = ThreadTimer.Seconds(threads, _ =>
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < busy)
                {
                }
            });

            Assert.True(seconds >= busy.TotalSeconds, $"{threads} threads, attempt {attempt}: measured {seconds * 1e3:F2} ms for {busy.TotalMilliseconds} ms of work each");
        }
    }
}

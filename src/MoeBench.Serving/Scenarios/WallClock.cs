using System.Diagnostics;

namespace MoeBench.Serving.Scenarios;

/// <summary>Real time since the clock was made: the clock a measured serving run runs on.</summary>
public sealed class WallClock : IServingClock
{
    /// <summary>Below this, waiting spins: a sleep can overshoot by a scheduler tick, which would delay an arrival.</summary>
    private const double SpinSeconds = 0.002;

    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public double Now => _watch.Elapsed.TotalSeconds;

    public void WaitUntil(double seconds, CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var left = seconds - Now;
            if (left <= 0)
            {
                return;
            }

            if (left > SpinSeconds)
            {
                cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(left - SpinSeconds));
            }
            else
            {
                Thread.SpinWait(64);
            }
        }
    }
}

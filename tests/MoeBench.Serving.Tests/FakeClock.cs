namespace MoeBench.Serving.Tests;

/// <summary>Simulated time: waiting moves the clock, nothing sleeps (BenchmarkDotNet's MockClock idea).</summary>
internal sealed class FakeClock : IServingClock
{
    public double Now { get; private set; }

    public void WaitUntil(double seconds, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        Now = Math.Max(Now, seconds);
    }
}

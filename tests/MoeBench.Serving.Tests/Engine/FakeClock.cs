namespace MoeBench.Serving.Tests.Engine;

/// <summary>
/// A clock that moves by <paramref name="tick"/> each time it is read (so a step takes time, deterministically) and jumps
/// when the engine waits; it cancels <paramref name="cancelAt"/> once that time has passed.
/// </summary>
internal sealed class FakeClock(double tick, double cancelAt = double.PositiveInfinity, CancellationTokenSource? cancel = null) : IServingClock
{
    private double _now;

    public int Waits { get; private set; }

    public double Now
    {
        get
        {
            _now += tick;
            if (_now >= cancelAt)
            {
                cancel?.Cancel();
            }

            return _now;
        }
    }

    public void WaitUntil(double seconds, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        Waits++;
        _now = Math.Max(_now, seconds);
    }
}

namespace MoeBench.Engine.Tests.Measurement;

/// <summary>A clock that moves only when told: timing logic tested without sleeping or real noise.</summary>
internal sealed class FakeClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}

namespace MoeBench.Engine;

/// <summary>
/// How long and how often the engine measures a case. Defaults follow BenchmarkDotNet's shape (pilot to a
/// target iteration time, then a bounded number of samples) scaled to a 2-core CI budget.
/// </summary>
/// <param name="WarmupTime">Minimum time spent running the case before the pilot (JIT tiering, caches, page faults).</param>
/// <param name="TargetSampleTime">The pilot picks invocations per sample so one sample lasts about this long — far above timer resolution.</param>
/// <param name="MinSamples">Samples always taken, whatever the time.</param>
/// <param name="MaxSamples">Samples never exceeded.</param>
/// <param name="MinTime">Keep sampling until this much time was spent in samples (and <see cref="MinSamples"/> are in).</param>
/// <param name="MaxTime">Stop sampling after this much time even if <see cref="MinSamples"/> are not in (at least 2 are always taken).</param>
/// <param name="Seed">Seed of every input tensor and routing draw; stored with each result.</param>
/// <param name="ColdWorkingSetBytes">A <c>cold</c> case rotates among enough input sets to exceed this (several times the last-level cache).</param>
/// <param name="Rounds">
/// Measure every case in this many rounds spread over the run, pooling the samples (asv's <c>rounds</c>): a machine
/// whose speed drifts during the run then slows every case alike, which the gate removes as common-mode drift,
/// instead of slowing whichever cases happened to run at that moment. Each round gets 1/Rounds of the time and
/// sample budgets; validation runs in the first round only (inputs are the same in every round).
/// </param>
public sealed record EngineSettings(
    TimeSpan WarmupTime,
    TimeSpan TargetSampleTime,
    int MinSamples,
    int MaxSamples,
    TimeSpan MinTime,
    TimeSpan MaxTime,
    int Seed,
    long ColdWorkingSetBytes,
    int Rounds = 1)
{
    public static EngineSettings Default { get; } = new(
        WarmupTime: TimeSpan.FromMilliseconds(100),
        TargetSampleTime: TimeSpan.FromMilliseconds(5),
        MinSamples: 10,
        MaxSamples: 200,
        MinTime: TimeSpan.FromMilliseconds(250),
        MaxTime: TimeSpan.FromSeconds(3),
        Seed: 20261123,
        ColdWorkingSetBytes: 128L << 20);

    /// <summary>The budget of one round: time and sample limits divided by <see cref="Rounds"/>.</summary>
    public EngineSettings PerRound() => Rounds <= 1 ? this : this with
    {
        MinSamples = Math.Max(2, (MinSamples + Rounds - 1) / Rounds),
        MaxSamples = Math.Max(2, MaxSamples / Rounds),
        MinTime = MinTime / Rounds,
        MaxTime = MaxTime / Rounds,
    };
}

namespace MoeBench.Devices;

/// <summary>
/// How hard a calibration tries. A roof is a maximum, so every figure is the best of <see cref="Attempts"/>.
/// </summary>
/// <param name="Attempts">Attempts per figure; the best counts.</param>
/// <param name="ComputeAttemptTime">Length of one peak-FLOP attempt: long enough that thread start-up and timer jitter vanish.</param>
/// <param name="StreamCacheMultiple">Stream buffers together span at least this many times the last-level cache, so every pass comes from DRAM.</param>
public sealed record CalibrationSettings(int Attempts, TimeSpan ComputeAttemptTime, int StreamCacheMultiple)
{
    /// <summary>About two seconds on a 2-core machine with a 32 MiB L3.</summary>
    public static CalibrationSettings Default { get; } = new(Attempts: 5, ComputeAttemptTime: TimeSpan.FromMilliseconds(80), StreamCacheMultiple: 8);
}

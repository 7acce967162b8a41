namespace MoeBench.Core.Results;

/// <summary>
/// What else used the machine while a run measured: whether it was started beside another MoeBench run on purpose
/// (<c>--allow-concurrent</c>), and the share of the machine's CPU time that other processes took, sampled through
/// the run. A benchmark cannot tell a slower kernel from a busy neighbour afterwards, so this is stored with the run
/// and shown wherever the run's results are.
/// </summary>
/// <param name="BesideAnotherRun">Started with <c>--allow-concurrent</c> while another run held the machine.</param>
/// <param name="OthersCpuMean">Other processes' mean share of all cores' time over the run, 0–1.</param>
/// <param name="OthersCpuPeak">The largest share over one sampling interval.</param>
/// <param name="Samples">Sampling intervals observed (0 where the OS gives no CPU accounting).</param>
public sealed record RunContention(bool BesideAnotherRun, double OthersCpuMean, double OthersCpuPeak, int Samples)
{
    /// <summary>
    /// Other processes averaging a quarter of the machine: on 2 cores that is half a core taken from a run that uses
    /// both for the whole run — enough to move compute-bound medians far beyond any gate threshold.
    /// </summary>
    public const double BusyShare = 0.25;

    /// <summary>Whether the run's timings should not be trusted as an idle machine's.</summary>
    public bool Contended => BesideAnotherRun || OthersCpuMean >= BusyShare;

    public string Describe() => Contended
        ? BesideAnotherRun
            ? $"contended: run beside another MoeBench run (--allow-concurrent); other processes took {OthersCpuMean:P0} of the CPU on average"
            : $"contended: other processes took {OthersCpuMean:P0} of the CPU on average (peak {OthersCpuPeak:P0})"
        : $"quiet: other processes took {OthersCpuMean:P0} of the CPU on average";
}

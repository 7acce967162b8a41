namespace MoeBench.Core.Results;

/// <summary>One phase of a layer forward and its share of the layer's median time, in nanoseconds.</summary>
/// <param name="Name">The phase: <c>norm</c>, <c>gate</c>, <c>permute</c>, <c>experts_up</c>, <c>swiglu</c>, …</param>
/// <param name="IsGemm">Whether the phase is an expert (or shared-expert) GEMM — the work a layer exists for.</param>
public sealed record PhaseTime(string Name, double MedianNs, bool IsGemm);

/// <summary>
/// Where a layer's time goes. Each phase's share of a forward is timed with the device synchronised at every phase
/// boundary, over a few extra forwards after the samples; the phases' median shares, normalised, are laid over the
/// layer's median time. So the phases add up to the layer's median (the samples' statistic, taken unsynchronised),
/// and a change of the layer splits over its phases without a phase ever outgrowing the whole. The non-GEMM share
/// — gate, top-k, permute, activation, combine — is what a fused or better-scheduled implementation can win back.
/// </summary>
public sealed record LayerProfile(IReadOnlyList<PhaseTime> Phases)
{
    public double TotalNs => Phases.Sum(p => p.MedianNs);

    /// <summary>The same shares laid over another total: a pooled result's new median.</summary>
    public LayerProfile ScaledTo(double totalNs) =>
        TotalNs > 0 ? new([.. Phases.Select(p => p with { MedianNs = p.MedianNs * totalNs / TotalNs })]) : this;

    /// <summary>Share (0–1) of the profiled time spent outside the expert GEMMs.</summary>
    public double NonGemmShare => TotalNs > 0 ? Phases.Where(p => !p.IsGemm).Sum(p => p.MedianNs) / TotalNs : 0;
}

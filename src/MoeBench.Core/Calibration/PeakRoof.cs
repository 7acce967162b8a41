namespace MoeBench.Core.Calibration;

/// <summary>
/// Peak arithmetic throughput of one element type on one ISA path (<c>vector256</c>, <c>vector512</c>, a GPU's
/// tensor cores), on one thread and on all of a calibration's threads. FLOPs count a fused multiply-add as two.
/// </summary>
public sealed record PeakRoof(DType DType, string Path, double SingleThreadFlops, double AllThreadsFlops);

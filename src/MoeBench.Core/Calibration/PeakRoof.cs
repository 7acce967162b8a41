namespace MoeBench.Core.Calibration;

/// <summary>
/// Peak arithmetic throughput of one element type on one ISA path (<c>vector256</c>, <c>vector512</c>, a GPU's
/// tensor cores), on one thread and on all of a calibration's threads. FLOPs count a fused multiply-add as two.
/// Integer dot products (int8 and int4 weights run the same instructions) are recorded as <see cref="DType.I8"/>,
/// a multiply-add counted as two as well.
/// </summary>
public sealed record PeakRoof(DType DType, string Path, double SingleThreadFlops, double AllThreadsFlops);

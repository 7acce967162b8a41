namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>
/// The scalar arguments of a (grouped) product, passed as one struct because ILGPU's stream-kernel loaders take at
/// most eight parameters. Rows are counted on the device where <see cref="Groups"/> is positive (the last offset), so
/// a layer submits its expert products without reading the dispatch back to the host.
/// </summary>
/// <param name="Groups">Weight groups; 0 for a plain GEMM over <see cref="RowLimit"/> rows of group 0.</param>
/// <param name="RowLimit">Rows A and C hold: an upper bound that the device-side row count never exceeds.</param>
/// <param name="Accumulate">1 to add to C, 0 to overwrite it (C is then never read: it may hold NaN).</param>
internal readonly record struct GemmArgs(int K, int N, int Groups, int RowLimit, int Accumulate);

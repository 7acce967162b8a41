using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// int8/int4 expert weights times int16 activations (<see cref="ActivationQuantizer"/>) by integer dot products:
/// per k pair one vpmaddwd per row does 32 multiply-adds (16 columns × 2 k) into int32 lanes, where the fp32
/// path (<see cref="QuantStreamKernel512"/>) needs two FMAs per row plus converting every code to float. At
/// decode sizes, where a few rows per expert share each unpacked panel, that is what bounds int8 and int4.
/// Pairs go two at a time (<see cref="IWordPairFormat.LoadPairs"/>): every block starts at a multiple of 4 k —
/// activation blocks are 32 k, int4 groups a multiple of 4 (<see cref="QuantGroupedGemm"/> checks), and the codes
/// and panels are zero-padded to a multiple of 4 k. Integer sums are exact; every activation block of 32 k
/// (<see cref="ActivationQuantizer.Block"/>) and every scale group they are folded into fp32 totals by the column
/// scales times the row's block scale — long before an int32 lane could overflow (a pair adds at most
/// 2 · 32767 · 127 ≈ 8.3M; 2^31 allows 258 pairs). Tiles of up to 8 rows, as the fp32 path.
/// </summary>
internal static unsafe class QuantMaddKernel512
{
    /// <summary>Tallest tile.</summary>
    public const int MaxRows = PanelTile512.MaxRows;

    // Bytes ahead of the pairs being multiplied that each block prefetches: with two threads streaming int8
    // Mixtral-down panels from DRAM, 4–8 KiB were alike (about 55 GMAC/s per thread against 37 without).
    private const int PrefetchBytes = 4096;

    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported;

    /// <param name="codes">Row 0's activation codes; row i at codes + i · codeStride (<see cref="ActivationQuantizer.Stride"/>, zero-padded).</param>
    /// <param name="rowScales">Row 0's activation block scales; row i's at rowScales + i · scaleStride.</param>
    /// <param name="pairBytes">Bytes per k pair of the panel's format, where prefetching finds pair i (i even).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRows, TFormat>(
        short* codes, nint codeStride, float* rowScales, nint scaleStride, byte* panel, int pairBytes, float* scales, int k, int groupRows, float* c, nint ldc, int cols)
        where TRows : struct, IRowCount
        where TFormat : struct, IWordPairFormat
    {
        int r = TRows.Value;

        // One int32 per k pair: the two activation codes a vpmaddwd lane multiplies.
        int* a0 = (int*)codes, a1 = (int*)(codes + codeStride), a2 = (int*)(codes + (2 * codeStride)), a3 = (int*)(codes + (3 * codeStride));
        int* a4 = (int*)(codes + (4 * codeStride)), a5 = (int*)(codes + (5 * codeStride)), a6 = (int*)(codes + (6 * codeStride)), a7 = (int*)(codes + (7 * codeStride));
        float* r0 = rowScales, r1 = rowScales + scaleStride, r2 = rowScales + (2 * scaleStride), r3 = rowScales + (3 * scaleStride);
        float* r4 = rowScales + (4 * scaleStride), r5 = rowScales + (5 * scaleStride), r6 = rowScales + (6 * scaleStride), r7 = rowScales + (7 * scaleStride);
        Vector512<float> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default, t6 = default, t7 = default;
        var scaleRow = 0;
        for (var g0 = 0; g0 < k; g0 += groupRows, scaleRow++)
        {
            int g1 = Math.Min(k, g0 + groupRows);
            var s = Vector512.Load(scales + (scaleRow * QuantPanels.Width));
            for (int b0 = g0, b1; b0 < g1; b0 = b1)
            {
                // To the next activation block or the group's end. Pairs [b0 / 2, b1 / 2 rounded up to even): past K
                // both the weight codes and the activation codes are zero.
                int block = b0 / ActivationQuantizer.Block;
                b1 = Math.Min(g1, (block + 1) * ActivationQuantizer.Block);
                int pair1 = ((b1 + 3) >> 2) << 1;
                Vector512<int> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;

                // The hardware prefetcher alone left one thread streaming int8 weights from DRAM at half its in-cache rate.
                for (byte* pf = panel + ((long)(b0 >> 1) * pairBytes) + PrefetchBytes, end = panel + ((long)pair1 * pairBytes) + PrefetchBytes; pf < end; pf += 64)
                {
                    Sse.Prefetch0(pf);
                }

                for (int i = b0 >> 1; i < pair1; i += 2)
                {
                    TFormat.LoadPairs(panel, i, out var w, out var v);
                    c0 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a0[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a0[i + 1]).AsInt16());
                    if (r > 1) { c1 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a1[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a1[i + 1]).AsInt16()); }
                    if (r > 2) { c2 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a2[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a2[i + 1]).AsInt16()); }
                    if (r > 3) { c3 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a3[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a3[i + 1]).AsInt16()); }
                    if (r > 4) { c4 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a4[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a4[i + 1]).AsInt16()); }
                    if (r > 5) { c5 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a5[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a5[i + 1]).AsInt16()); }
                    if (r > 6) { c6 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a6[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a6[i + 1]).AsInt16()); }
                    if (r > 7) { c7 += Avx512BW.MultiplyAddAdjacent(w, Vector512.Create(a7[i]).AsInt16()) + Avx512BW.MultiplyAddAdjacent(v, Vector512.Create(a7[i + 1]).AsInt16()); }
                }

                t0 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c0), s * r0[block], t0);
                if (r > 1) { t1 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c1), s * r1[block], t1); }
                if (r > 2) { t2 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c2), s * r2[block], t2); }
                if (r > 3) { t3 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c3), s * r3[block], t3); }
                if (r > 4) { t4 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c4), s * r4[block], t4); }
                if (r > 5) { t5 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c5), s * r5[block], t5); }
                if (r > 6) { t6 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c6), s * r6[block], t6); }
                if (r > 7) { t7 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(c7), s * r7[block], t7); }
            }
        }

        PanelTile512.Store<TRows>(t0, t1, t2, t3, t4, t5, t6, t7, c, ldc, cols);
    }
}

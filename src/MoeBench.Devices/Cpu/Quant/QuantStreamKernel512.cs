using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// <see cref="QuantStreamKernel"/> on AVX-512: one zmm holds a whole 16-column panel row, so a k pair unpacks in half
/// the instructions, and the 32 registers take tiles of up to 8 rows (two accumulator sets of 8, 8 totals, the
/// unpacked pair, a broadcast and the scales: 28) — a group of up to 8 routed rows unpacks each weight once. On
/// AVX2 the 4-row tile re-unpacks the panel per tile, and at 16 decode tokens (4–8 rows per Mixtral expert) that
/// unpacking, not memory, bounded int8 and int4 at ~46% of the FMA peak.
/// Even-k and odd-k products accumulate apart (two chains per row), so one row still has two FMAs in flight.
/// </summary>
internal static unsafe class QuantStreamKernel512
{
    /// <summary>Tallest tile.</summary>
    public const int MaxRows = PanelTile512.MaxRows;

    // Bytes ahead of the pair being multiplied that the tile prefetches, as QuantMaddKernel512 does. Measured on Zen 4
    // (2 cores, machine shared, bf16 Mixtral@1/4 and OLMoE@1/2 decode, best of 25–40 interleaved cold calls): the
    // hardware prefetcher alone fell behind once a tile had several rows of FMAs per line: at 16 tokens one thread
    // took 9.2 → 7.3 ms (Mixtral up), 4.8 → 3.7 (down), 6.9 → 5.8 (OLMoE up); two threads 8.2 → 6.5 and 2.7 → 2.2 ms
    // (Mixtral up, down); 1–4 tokens moved within the noise (±5%). 1, 2 and 8 KiB ahead measured alike or slower.
    private const int PrefetchBytes = 4096;

    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRows, TFormat>(
        float* a, nint lda, byte* panel, float* scales, int k, int groupRows, float* c, nint ldc, int cols)
        where TRows : struct, IRowCount
        where TFormat : struct, IPanelFormat
    {
        int r = TRows.Value;
        float* a0 = a, a1 = a + lda, a2 = a + (2 * lda), a3 = a + (3 * lda);
        float* a4 = a + (4 * lda), a5 = a + (5 * lda), a6 = a + (6 * lda), a7 = a + (7 * lda);
        Vector512<float> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default, t6 = default, t7 = default;
        var scaleRow = 0;
        for (var g0 = 0; g0 < k; g0 += groupRows, scaleRow++)
        {
            int g1 = Math.Min(k, g0 + groupRows);
            Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
            Vector512<float> d0 = default, d1 = default, d2 = default, d3 = default, d4 = default, d5 = default, d6 = default, d7 = default;
            int kk = g0;
            for (; kk + 1 < g1; kk += 2)
            {
                Prefetch<TFormat>(panel, kk >> 1);
                TFormat.LoadPair512(panel, kk >> 1, out var e, out var o);
                c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[kk]), e, c0);
                d0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[kk + 1]), o, d0);
                if (r > 1) { c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[kk]), e, c1); d1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[kk + 1]), o, d1); }
                if (r > 2) { c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[kk]), e, c2); d2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[kk + 1]), o, d2); }
                if (r > 3) { c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[kk]), e, c3); d3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[kk + 1]), o, d3); }
                if (r > 4) { c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[kk]), e, c4); d4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[kk + 1]), o, d4); }
                if (r > 5) { c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a5[kk]), e, c5); d5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a5[kk + 1]), o, d5); }
                if (r > 6) { c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[kk]), e, c6); d6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[kk + 1]), o, d6); }
                if (r > 7) { c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a7[kk]), e, c7); d7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a7[kk + 1]), o, d7); }
            }

            if (kk < g1)
            {
                // Odd K: the last row alone. Its pair partner is zero padding, and A has no element there to read.
                TFormat.LoadPair512(panel, kk >> 1, out var e, out _);
                c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[kk]), e, c0);
                if (r > 1) { c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[kk]), e, c1); }
                if (r > 2) { c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[kk]), e, c2); }
                if (r > 3) { c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[kk]), e, c3); }
                if (r > 4) { c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[kk]), e, c4); }
                if (r > 5) { c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a5[kk]), e, c5); }
                if (r > 6) { c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[kk]), e, c6); }
                if (r > 7) { c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a7[kk]), e, c7); }
            }

            // One FMA per row folds the group's raw products into the totals by its 16 column scales.
            var s = TFormat.Scaled ? Vector512.Load(scales + (scaleRow * QuantPanels.Width)) : Vector512<float>.One;
            t0 = Avx512F.FusedMultiplyAdd(c0 + d0, s, t0);
            if (r > 1) { t1 = Avx512F.FusedMultiplyAdd(c1 + d1, s, t1); }
            if (r > 2) { t2 = Avx512F.FusedMultiplyAdd(c2 + d2, s, t2); }
            if (r > 3) { t3 = Avx512F.FusedMultiplyAdd(c3 + d3, s, t3); }
            if (r > 4) { t4 = Avx512F.FusedMultiplyAdd(c4 + d4, s, t4); }
            if (r > 5) { t5 = Avx512F.FusedMultiplyAdd(c5 + d5, s, t5); }
            if (r > 6) { t6 = Avx512F.FusedMultiplyAdd(c6 + d6, s, t6); }
            if (r > 7) { t7 = Avx512F.FusedMultiplyAdd(c7 + d7, s, t7); }
        }

        PanelTile512.Store<TRows>(t0, t1, t2, t3, t4, t5, t6, t7, c, ldc, cols);
    }

    /// <summary>
    /// Pair <paramref name="pair"/>'s line <see cref="PrefetchBytes"/> ahead: one prefetch per 64-byte line of the
    /// panel stream, so narrow formats (several pairs per line) skip the pairs that start mid-line and f32 (two lines
    /// per pair) takes two. Past the panel it runs into the next one, which the item streams next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch<TFormat>(byte* panel, int pair)
        where TFormat : struct, IPanelFormat
    {
        byte* pf = panel + ((long)pair * TFormat.PairBytes) + PrefetchBytes;
        if (TFormat.PairBytes >= 64 || (pair & ((64 / TFormat.PairBytes) - 1)) == 0)
        {
            Sse.Prefetch0(pf);
        }

        if (TFormat.PairBytes > 64)
        {
            Sse.Prefetch0(pf + 64);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// Decode-size tile: C[rows ≤ 4 × 16] = A[rows × k] · one <see cref="QuantPanels"/> panel, weights unpacked in
/// registers (no fp32 copy of the weights ever exists), A read in place (row-major, broadcast per k).
/// Scaled formats accumulate a scale group's raw code products, then fold them into the totals with one FMA by the
/// group's 16 column scales: per column for int8 (once, after all of K), per group of K for int4.
/// With one or two rows, odd-k products go to a second accumulator set: 2 rows × 2 vectors = 4 chains would leave
/// the two 4-cycle FMA pipes half idle, 8 chains keep the unpacking, not the FMA latency, the limit.
/// </summary>
internal static unsafe class QuantStreamKernel
{
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRows, TFormat>(
        float* a, nint lda, byte* panel, float* scales, int k, int groupRows, float* c, nint ldc, int cols)
        where TRows : struct, IRowCount
        where TFormat : struct, IPanelFormat
    {
        int r = TRows.Value;
        bool split = r <= 2;
        float* a0 = a, a1 = a + lda, a2 = a + (2 * lda), a3 = a + (3 * lda);
        Vector256<float> t00 = default, t01 = default, t10 = default, t11 = default;
        Vector256<float> t20 = default, t21 = default, t30 = default, t31 = default;
        var scaleRow = 0;
        for (var g0 = 0; g0 < k; g0 += groupRows, scaleRow++)
        {
            int g1 = Math.Min(k, g0 + groupRows);
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
            Vector256<float> d00 = default, d01 = default, d10 = default, d11 = default;
            int kk = g0;
            for (; kk + 1 < g1; kk += 2)
            {
                TFormat.LoadPair(panel, kk >> 1, out var e0, out var e1, out var o0, out var o1);
                var x = Vector256.Create(a0[kk]);
                c00 = Fma.MultiplyAdd(x, e0, c00);
                c01 = Fma.MultiplyAdd(x, e1, c01);
                x = Vector256.Create(a0[kk + 1]);
                if (split)
                {
                    d00 = Fma.MultiplyAdd(x, o0, d00);
                    d01 = Fma.MultiplyAdd(x, o1, d01);
                }
                else
                {
                    c00 = Fma.MultiplyAdd(x, o0, c00);
                    c01 = Fma.MultiplyAdd(x, o1, c01);
                }

                if (r > 1)
                {
                    x = Vector256.Create(a1[kk]);
                    c10 = Fma.MultiplyAdd(x, e0, c10);
                    c11 = Fma.MultiplyAdd(x, e1, c11);
                    x = Vector256.Create(a1[kk + 1]);
                    if (split)
                    {
                        d10 = Fma.MultiplyAdd(x, o0, d10);
                        d11 = Fma.MultiplyAdd(x, o1, d11);
                    }
                    else
                    {
                        c10 = Fma.MultiplyAdd(x, o0, c10);
                        c11 = Fma.MultiplyAdd(x, o1, c11);
                    }
                }

                if (r > 2)
                {
                    x = Vector256.Create(a2[kk]);
                    c20 = Fma.MultiplyAdd(x, e0, c20);
                    c21 = Fma.MultiplyAdd(x, e1, c21);
                    x = Vector256.Create(a2[kk + 1]);
                    c20 = Fma.MultiplyAdd(x, o0, c20);
                    c21 = Fma.MultiplyAdd(x, o1, c21);
                }

                if (r > 3)
                {
                    x = Vector256.Create(a3[kk]);
                    c30 = Fma.MultiplyAdd(x, e0, c30);
                    c31 = Fma.MultiplyAdd(x, e1, c31);
                    x = Vector256.Create(a3[kk + 1]);
                    c30 = Fma.MultiplyAdd(x, o0, c30);
                    c31 = Fma.MultiplyAdd(x, o1, c31);
                }
            }

            if (kk < g1)
            {
                // Odd K: the last row alone. Its pair partner is zero padding, and A has no element there to read.
                TFormat.LoadPair(panel, kk >> 1, out var e0, out var e1, out _, out _);
                var x = Vector256.Create(a0[kk]);
                c00 = Fma.MultiplyAdd(x, e0, c00);
                c01 = Fma.MultiplyAdd(x, e1, c01);
                if (r > 1)
                {
                    x = Vector256.Create(a1[kk]);
                    c10 = Fma.MultiplyAdd(x, e0, c10);
                    c11 = Fma.MultiplyAdd(x, e1, c11);
                }

                if (r > 2)
                {
                    x = Vector256.Create(a2[kk]);
                    c20 = Fma.MultiplyAdd(x, e0, c20);
                    c21 = Fma.MultiplyAdd(x, e1, c21);
                }

                if (r > 3)
                {
                    x = Vector256.Create(a3[kk]);
                    c30 = Fma.MultiplyAdd(x, e0, c30);
                    c31 = Fma.MultiplyAdd(x, e1, c31);
                }
            }

            if (split)
            {
                c00 += d00;
                c01 += d01;
                if (r > 1) { c10 += d10; c11 += d11; }
            }

            if (TFormat.Scaled)
            {
                var s0 = Vector256.Load(scales + (scaleRow * QuantPanels.Width));
                var s1 = Vector256.Load(scales + (scaleRow * QuantPanels.Width) + 8);
                t00 = Fma.MultiplyAdd(c00, s0, t00);
                t01 = Fma.MultiplyAdd(c01, s1, t01);
                if (r > 1) { t10 = Fma.MultiplyAdd(c10, s0, t10); t11 = Fma.MultiplyAdd(c11, s1, t11); }
                if (r > 2) { t20 = Fma.MultiplyAdd(c20, s0, t20); t21 = Fma.MultiplyAdd(c21, s1, t21); }
                if (r > 3) { t30 = Fma.MultiplyAdd(c30, s0, t30); t31 = Fma.MultiplyAdd(c31, s1, t31); }
            }
            else
            {
                (t00, t01, t10, t11, t20, t21, t30, t31) = (c00, c01, c10, c11, c20, c21, c30, c31);
            }
        }

        if (cols == QuantPanels.Width)
        {
            t00.Store(c);
            t01.Store(c + 8);
            if (r > 1) { t10.Store(c + ldc); t11.Store(c + ldc + 8); }
            if (r > 2) { t20.Store(c + (2 * ldc)); t21.Store(c + (2 * ldc) + 8); }
            if (r > 3) { t30.Store(c + (3 * ldc)); t31.Store(c + (3 * ldc) + 8); }
            return;
        }

        // Column tail (n % 16): spill the tile and copy the valid columns.
        var tile = stackalloc float[4 * QuantPanels.Width];
        t00.Store(tile); t01.Store(tile + 8); t10.Store(tile + 16); t11.Store(tile + 24);
        t20.Store(tile + 32); t21.Store(tile + 40); t30.Store(tile + 48); t31.Store(tile + 56);
        TileTail.Write(tile, QuantPanels.Width, r, c, ldc, cols, overwrite: true);
    }
}

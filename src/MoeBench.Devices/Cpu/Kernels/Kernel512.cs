using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// AVX-512 family: 8×32 tile = 16 zmm accumulators + 2 B vectors + 1 broadcast (19 of 32 zmm). This is the shape
/// of the C# prototype measured at ≈196 GFLOP/s (87% of one Zen 5 core's 226) in shared/reference/this-machine.md;
/// 16 independent chains cover the two FMA pipes' 4-cycle latency twice over.
/// </summary>
internal readonly unsafe struct Kernel512 : IKernelFamily
{
    public static int MR => 8;

    public static int NR => 32;

    // One K block up to 1024: the 128 KiB B slice streams from L2 instead of sitting in L1, but C is loaded and
    // stored once per 1024 k instead of once per 256. Measured on Zen 4 (2 cores, interleaved A/B runs of the
    // harness): 1024³ 207–212 → 210–221 GFLOP/s, Mixtral@1/4 up × 512 tokens 211–213 → 210–223, down unchanged.
    public static int KcBig => 1024;

    // Decode-size items (≤ MR rows): k up to 4096 in one block, so an item's panels are one contiguous stream for the
    // prefetchers; the A slice is then 8 × 4096 × 4 B = 128 KiB, still L2-resident.
    public static int KcSmall => 4096;

    // 192 × 1024 × 4 B = 768 KiB of packed A in a 1 MiB L2 (Zen 4); MC bounds it when K is long.
    public static int MC => 192;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(int rows, float* a, float* b, int kc, float* c, nint ldc, int cols, bool overwrite, TilePrefetch prefetch)
    {
        switch (rows)
        {
            case 8: Run<Rows8>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            case 7: Run<Rows7>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            case 6: Run<Rows6>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            case 5: Run<Rows5>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            case 4: Run<Rows4>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            case 3: Run<Rows3>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            case 2: Run<Rows2>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            case 1: Run<Rows1>(a, b, kc, c, ldc, cols, overwrite, prefetch); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fmadd(Vector512<float> x, Vector512<float> y, Vector512<float> acc) =>
        Vector512.FusedMultiplyAdd(x, y, acc);

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TRows>(float* a, float* b, int kc, float* c, nint ldc, int cols, bool overwrite, TilePrefetch prefetch)
        where TRows : struct, IRowCount
    {
        int r = TRows.Value;
        float* pf = prefetch.Next;
        int step = prefetch.Step;
        bool toL1 = prefetch.ToL1;
        if (Sse.IsSupported)
        {
            // The C tile is read (and written) only after the k loop; fetching it now hides an L2/L3 miss per row.
            // A 32-float row is two lines.
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + 16);
            for (var i = 1; i < r; i++)
            {
                Sse.Prefetch0(c + (i * ldc));
                Sse.Prefetch0(c + (i * ldc) + 16);
            }
        }

        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;

        // kc is even (packing pads K to a multiple of 2): two k steps per trip, as in Kernel256.
        for (var p = 0; p < kc; p += 2)
        {
            if (step != 0 && Sse.IsSupported)
            {
                if (toL1)
                {
                    Sse.Prefetch0(pf);
                    Sse.Prefetch0(pf + 16);
                    Sse.Prefetch0(pf + 32);
                    Sse.Prefetch0(pf + 48);
                }
                else
                {
                    Sse.Prefetch1(pf);
                    Sse.Prefetch1(pf + 16);
                    Sse.Prefetch1(pf + 32);
                    Sse.Prefetch1(pf + 48);
                }

                pf += step;
            }

            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a[0]); c00 = Fmadd(x, b0, c00); c01 = Fmadd(x, b1, c01);
            if (r > 1) { x = Vector512.Create(a[1]); c10 = Fmadd(x, b0, c10); c11 = Fmadd(x, b1, c11); }
            if (r > 2) { x = Vector512.Create(a[2]); c20 = Fmadd(x, b0, c20); c21 = Fmadd(x, b1, c21); }
            if (r > 3) { x = Vector512.Create(a[3]); c30 = Fmadd(x, b0, c30); c31 = Fmadd(x, b1, c31); }
            if (r > 4) { x = Vector512.Create(a[4]); c40 = Fmadd(x, b0, c40); c41 = Fmadd(x, b1, c41); }
            if (r > 5) { x = Vector512.Create(a[5]); c50 = Fmadd(x, b0, c50); c51 = Fmadd(x, b1, c51); }
            if (r > 6) { x = Vector512.Create(a[6]); c60 = Fmadd(x, b0, c60); c61 = Fmadd(x, b1, c61); }
            if (r > 7) { x = Vector512.Create(a[7]); c70 = Fmadd(x, b0, c70); c71 = Fmadd(x, b1, c71); }

            b0 = Vector512.Load(b + 32);
            b1 = Vector512.Load(b + 48);
            x = Vector512.Create(a[r]); c00 = Fmadd(x, b0, c00); c01 = Fmadd(x, b1, c01);
            if (r > 1) { x = Vector512.Create(a[r + 1]); c10 = Fmadd(x, b0, c10); c11 = Fmadd(x, b1, c11); }
            if (r > 2) { x = Vector512.Create(a[r + 2]); c20 = Fmadd(x, b0, c20); c21 = Fmadd(x, b1, c21); }
            if (r > 3) { x = Vector512.Create(a[r + 3]); c30 = Fmadd(x, b0, c30); c31 = Fmadd(x, b1, c31); }
            if (r > 4) { x = Vector512.Create(a[r + 4]); c40 = Fmadd(x, b0, c40); c41 = Fmadd(x, b1, c41); }
            if (r > 5) { x = Vector512.Create(a[r + 5]); c50 = Fmadd(x, b0, c50); c51 = Fmadd(x, b1, c51); }
            if (r > 6) { x = Vector512.Create(a[r + 6]); c60 = Fmadd(x, b0, c60); c61 = Fmadd(x, b1, c61); }
            if (r > 7) { x = Vector512.Create(a[r + 7]); c70 = Fmadd(x, b0, c70); c71 = Fmadd(x, b1, c71); }

            a += 2 * r;
            b += 64;
        }

        if (cols == 32)
        {
            Store(c, c00, c01, overwrite);
            if (r > 1) Store(c + ldc, c10, c11, overwrite);
            if (r > 2) Store(c + (2 * ldc), c20, c21, overwrite);
            if (r > 3) Store(c + (3 * ldc), c30, c31, overwrite);
            if (r > 4) Store(c + (4 * ldc), c40, c41, overwrite);
            if (r > 5) Store(c + (5 * ldc), c50, c51, overwrite);
            if (r > 6) Store(c + (6 * ldc), c60, c61, overwrite);
            if (r > 7) Store(c + (7 * ldc), c70, c71, overwrite);
            return;
        }

        // Column tail (n % 32): spill the tile and copy the valid columns.
        var t = stackalloc float[8 * 32];
        c00.Store(t); c01.Store(t + 16); c10.Store(t + 32); c11.Store(t + 48);
        c20.Store(t + 64); c21.Store(t + 80); c30.Store(t + 96); c31.Store(t + 112);
        c40.Store(t + 128); c41.Store(t + 144); c50.Store(t + 160); c51.Store(t + 176);
        c60.Store(t + 192); c61.Store(t + 208); c70.Store(t + 224); c71.Store(t + 240);
        TileTail.Write(t, 32, r, c, ldc, cols, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v0, Vector512<float> v1, bool overwrite)
    {
        if (!overwrite)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
        }

        v0.Store(c);
        v1.Store(c + 16);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// AVX2/FMA family: 6×16 tile = 12 ymm accumulators + 2 B vectors + 1 broadcast = 15 of the 16 ymm registers, the
/// classic Haswell/Zen shape (BLIS uses 6×16 too). Each k step does 12 FMAs for 2 loads + 6 broadcasts, well under
/// the two FMA pipes' need of ≥ 8 independent chains (4-cycle latency × 2 pipes).
/// </summary>
internal readonly unsafe struct Kernel256 : IKernelFamily
{
    public static int MR => 6;

    public static int NR => 16;

    // One K block for K up to 2048: the B slice (up to 128 KiB) then streams from L2 instead of sitting in L1, but C
    // is loaded and stored once instead of once per block. Measured on Zen 3 (one thread, CPU time, best of 30,
    // interleaved): 1024³ 79 → 88 GFLOP/s with KC 256 → 1024; Mixtral@1/8 experts (k 512 and 1792, 128 rows each)
    // 77–79 → 86–88 with KC 256 → 2048. The BLIS-style KC 256 (B slice resident in L1) lost on every shape.
    public static int KcBig => 2048;

    // Decode-size items (≤ MR rows): k up to 4096 in one block, so an item's panels are one contiguous stream for the
    // prefetchers; the A slice is then 6 × 4096 × 4 B = 96 KiB, still L2-resident.
    public static int KcSmall => 4096;

    // 144 × 256 × 4 B = 144 KiB of packed A: comfortably inside a 512 KiB L2 beside the streaming B slices.
    public static int MC => 144;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(int rows, float* a, float* b, int kc, float* c, nint ldc, int cols, bool overwrite, TilePrefetch prefetch)
    {
        switch (rows)
        {
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
    private static Vector256<float> Fmadd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : (x * y) + acc;

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
            // The C tile is read (and written) only after the k loop; fetching it now hides an L2/L3 miss per row
            // (a 16-float row is one 64-byte line when C rows are aligned).
            Sse.Prefetch0(c);
            if (r > 1) Sse.Prefetch0(c + ldc);
            if (r > 2) Sse.Prefetch0(c + (2 * ldc));
            if (r > 3) Sse.Prefetch0(c + (3 * ldc));
            if (r > 4) Sse.Prefetch0(c + (4 * ldc));
            if (r > 5) Sse.Prefetch0(c + (5 * ldc));
        }

        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;

        // kc is even (packing pads K to a multiple of 2): two k steps per trip halve the loop overhead, which measured
        // ~10% faster here than one step per trip.
        for (var p = 0; p < kc; p += 2)
        {
            if (step != 0 && Sse.IsSupported)
            {
                if (toL1)
                {
                    Sse.Prefetch0(pf);
                    Sse.Prefetch0(pf + 16);
                }
                else
                {
                    Sse.Prefetch1(pf);
                    Sse.Prefetch1(pf + 16);
                }

                pf += step;
            }

            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]); c00 = Fmadd(x, b0, c00); c01 = Fmadd(x, b1, c01);
            if (r > 1) { x = Vector256.Create(a[1]); c10 = Fmadd(x, b0, c10); c11 = Fmadd(x, b1, c11); }
            if (r > 2) { x = Vector256.Create(a[2]); c20 = Fmadd(x, b0, c20); c21 = Fmadd(x, b1, c21); }
            if (r > 3) { x = Vector256.Create(a[3]); c30 = Fmadd(x, b0, c30); c31 = Fmadd(x, b1, c31); }
            if (r > 4) { x = Vector256.Create(a[4]); c40 = Fmadd(x, b0, c40); c41 = Fmadd(x, b1, c41); }
            if (r > 5) { x = Vector256.Create(a[5]); c50 = Fmadd(x, b0, c50); c51 = Fmadd(x, b1, c51); }

            b0 = Vector256.Load(b + 16);
            b1 = Vector256.Load(b + 24);
            x = Vector256.Create(a[r]); c00 = Fmadd(x, b0, c00); c01 = Fmadd(x, b1, c01);
            if (r > 1) { x = Vector256.Create(a[r + 1]); c10 = Fmadd(x, b0, c10); c11 = Fmadd(x, b1, c11); }
            if (r > 2) { x = Vector256.Create(a[r + 2]); c20 = Fmadd(x, b0, c20); c21 = Fmadd(x, b1, c21); }
            if (r > 3) { x = Vector256.Create(a[r + 3]); c30 = Fmadd(x, b0, c30); c31 = Fmadd(x, b1, c31); }
            if (r > 4) { x = Vector256.Create(a[r + 4]); c40 = Fmadd(x, b0, c40); c41 = Fmadd(x, b1, c41); }
            if (r > 5) { x = Vector256.Create(a[r + 5]); c50 = Fmadd(x, b0, c50); c51 = Fmadd(x, b1, c51); }

            a += 2 * r;
            b += 32;
        }

        if (cols == 16)
        {
            Store(c, c00, c01, overwrite);
            if (r > 1) Store(c + ldc, c10, c11, overwrite);
            if (r > 2) Store(c + (2 * ldc), c20, c21, overwrite);
            if (r > 3) Store(c + (3 * ldc), c30, c31, overwrite);
            if (r > 4) Store(c + (4 * ldc), c40, c41, overwrite);
            if (r > 5) Store(c + (5 * ldc), c50, c51, overwrite);
            return;
        }

        // Column tail (n % 16): spill the tile and copy the valid columns; rare, so scalar is fine.
        var t = stackalloc float[6 * 16];
        c00.Store(t); c01.Store(t + 8); c10.Store(t + 16); c11.Store(t + 24); c20.Store(t + 32); c21.Store(t + 40);
        c30.Store(t + 48); c31.Store(t + 56); c40.Store(t + 64); c41.Store(t + 72); c50.Store(t + 80); c51.Store(t + 88);
        TileTail.Write(t, 16, r, c, ldc, cols, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1, bool overwrite)
    {
        if (!overwrite)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }

        v0.Store(c);
        v1.Store(c + 8);
    }
}

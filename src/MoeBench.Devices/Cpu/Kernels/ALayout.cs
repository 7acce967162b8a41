using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// Packs a block of A (A changes every call, so this runs inside the timed product) into MR-row micro-panels,
/// each k-major with one float per row per k: the tile's broadcasts then walk one contiguous run instead of MR rows
/// that, at a power-of-two lda, all alias to the same L1 set.
/// </summary>
internal static unsafe class ALayout
{
    /// <summary>
    /// A[rows × kcValid] (leading dim lda) → micro-panels of <see cref="TileRows"/> rows, each kc long; a padded
    /// column (kc = kcValid + 1) is zeroed. Row i is read from a + i·lda, or from a + rowIndex[i]·lda when a row
    /// index is given (a gathered dispatch). Writes may run up to 6 floats past the block: the scratch has slack for that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* a, nint lda, int* rowIndex, int rows, int kcValid, int kc, int mr, float* dst)
    {
        var src = stackalloc float*[8];
        for (var i0 = 0; i0 < rows;)
        {
            int r = TileRows(rows - i0, mr);
            for (var i = 0; i < r; i++)
            {
                src[i] = a + ((rowIndex == null ? i0 + i : rowIndex[i0 + i]) * lda);
            }

            var p = 0;
            if (Avx.IsSupported && r >= 2)
            {
                // The scalar copy cost ~10% of a 1024³ product; an 8×8 transpose does 8 k steps in 24 shuffles.
                for (; p + 8 <= kcValid; p += 8)
                {
                    Transpose8(src, p, r, dst + (p * r));
                }
            }

            for (; p < kcValid; p++)
            {
                for (var i = 0; i < r; i++)
                {
                    dst[(p * r) + i] = src[i][p];
                }
            }

            for (var i = 0; i < r * (kc - kcValid); i++)
            {
                dst[(kcValid * r) + i] = 0;
            }

            dst += r * kc;
            i0 += r;
        }
    }

    /// <summary>
    /// Height of the next register tile when <paramref name="left"/> rows remain: MR, except that a remainder under
    /// 4 rows is merged with the tile before it and the pair split evenly (8 = 4 + 4, not 6 + 2). A tile of r rows
    /// keeps 2r FMA chains in flight; under 8 chains the two 4-cycle FMA pipes starve, so 6 + 2 costs 6 + 4 cycles
    /// per k step where 4 + 4 costs 8. Packing and the driver walk the same sequence.
    /// </summary>
    public static int TileRows(int left, int mr) =>
        left <= mr ? left : left < mr + 4 ? (left + 1) / 2 : mr;

    /// <summary>
    /// 8 k steps (from column p) of r (2..8) rows at src[0..r): loads row vectors, transposes 8×8 (rows past r are
    /// zero), stores column p + j at dst + j·r. For r &lt; 8 each 8-float store spills 8 − r lanes into the next column's slot, which the next store
    /// overwrites; the last spill lands past the 8r floats (next k step, next micro-panel, or the scratch slack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(float** src, int p, int r, float* dst)
    {
        var r0 = Vector256.Load(src[0] + p);
        var r1 = Vector256.Load(src[1] + p);
        var r2 = r > 2 ? Vector256.Load(src[2] + p) : default;
        var r3 = r > 3 ? Vector256.Load(src[3] + p) : default;
        var r4 = r > 4 ? Vector256.Load(src[4] + p) : default;
        var r5 = r > 5 ? Vector256.Load(src[5] + p) : default;
        var r6 = r > 6 ? Vector256.Load(src[6] + p) : default;
        var r7 = r > 7 ? Vector256.Load(src[7] + p) : default;

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(s0, s4, 0x20).Store(dst);
        Avx.Permute2x128(s1, s5, 0x20).Store(dst + r);
        Avx.Permute2x128(s2, s6, 0x20).Store(dst + (2 * r));
        Avx.Permute2x128(s3, s7, 0x20).Store(dst + (3 * r));
        Avx.Permute2x128(s0, s4, 0x31).Store(dst + (4 * r));
        Avx.Permute2x128(s1, s5, 0x31).Store(dst + (5 * r));
        Avx.Permute2x128(s2, s6, 0x31).Store(dst + (6 * r));
        Avx.Permute2x128(s3, s7, 0x31).Store(dst + (7 * r));
    }
}

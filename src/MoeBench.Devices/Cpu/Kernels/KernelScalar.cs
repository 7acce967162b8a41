using System.Runtime.CompilerServices;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// Portable fallback for processors without accelerated 256/512-bit vectors: the same packed layouts (16-wide
/// panels), plain loops. Correct everywhere, fast nowhere; it exists so the harness still runs and validates.
/// </summary>
internal readonly unsafe struct KernelScalar : IKernelFamily
{
    public static int MR => 4;

    public static int NR => 16;

    public static int KcBig => 256;

    public static int KcSmall => 1024;

    public static int MC => 64;

    [SkipLocalsInit]
    public static void Tile(int rows, float* a, float* b, int kc, float* c, nint ldc, int cols, bool overwrite, TilePrefetch prefetch)
    {
        var acc = stackalloc float[4 * 16];
        new Span<float>(acc, rows * 16).Clear();
        for (var p = 0; p < kc; p++)
        {
            for (var i = 0; i < rows; i++)
            {
                float x = a[i];
                float* row = acc + (i * 16);
                for (var j = 0; j < 16; j++)
                {
                    row[j] = MathF.FusedMultiplyAdd(x, b[j], row[j]);
                }
            }

            a += rows;
            b += 16;
        }

        TileTail.Write(acc, 16, rows, c, ldc, cols, overwrite);
    }
}

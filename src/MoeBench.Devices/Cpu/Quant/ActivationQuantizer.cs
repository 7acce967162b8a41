using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// Rows of fp32 activations as int16 codes with one scale per row and block of <see cref="Block"/> k — symmetric,
/// s = max|x| / 32767 over the block, code = x / s rounded to nearest even — so integer weight codes can be
/// multiplied by integer dot products (<see cref="QuantMaddKernel512"/>). A code is off by at most s / 2. Blocks,
/// not whole rows, because a layer's down projection multiplies SwiGLU outputs, whose few large values would set
/// one row scale far above the rest: with one scale per row a Mixtral@1/4 layer missed the 1e-4 fp32 tolerance
/// (1.35e-4); with 32-k blocks an outlier only coarsens its own block. Rows are padded with zero codes to a multiple of 4 k.
/// </summary>
internal static unsafe class ActivationQuantizer
{
    public const int MaxCode = short.MaxValue;

    /// <summary>k per activation scale: the int4 group of 32 already folds its sums this often.</summary>
    public const int Block = 32;

    /// <summary>Codes per row: K rounded up to a multiple of 4, so the kernel's two pairs at a time never read past a row.</summary>
    public static int Stride(int k) => (k + 3) & ~3;

    /// <summary>Scales per row.</summary>
    public static int Blocks(int k) => (k + Block - 1) / Block;

    /// <summary>Codes of rows × k activations into q (rows × <see cref="Stride"/>), their scales into scales (rows × <see cref="Blocks"/>). AVX-512F/BW.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(float* a, int rows, int k, short* q, float* scales)
    {
        int stride = Stride(k), blocks = Blocks(k);
        for (var r = 0; r < rows; r++)
        {
            float* x = a + ((long)r * k);
            short* codes = q + ((long)r * stride);
            for (var b = 0; b < blocks; b++)
            {
                int k0 = b * Block, k1 = Math.Min(k, k0 + Block);
                scales[(r * blocks) + b] = k1 - k0 == Block ? FullBlock(x + k0, codes + k0) : PartialBlock(x + k0, codes + k0, k1 - k0);
            }

            for (int pad = k; pad < stride; pad++)
            {
                codes[pad] = 0;
            }
        }
    }

    /// <summary>
    /// 32 values in two zmm. cvtps2dq rounds to nearest even (the default MXCSR mode), as MathF.Round does for a
    /// partial block; the saturating narrow only guards the last ulp of max · (32767 / max).
    /// </summary>
    private static float FullBlock(float* x, short* codes)
    {
        var v0 = Vector512.Load(x);
        var v1 = Vector512.Load(x + 16);
        var m = Vector512.Max(Vector512.Abs(v0), Vector512.Abs(v1));
        var max = 0f;
        for (var lane = 0; lane < Vector512<float>.Count; lane++)
        {
            max = MathF.Max(max, m[lane]);
        }

        var inverse = Vector512.Create(max > 0 ? MaxCode / max : 0f);
        Avx512F.ConvertToVector256Int16WithSaturation(Avx512F.ConvertToVector512Int32(v0 * inverse)).Store(codes);
        Avx512F.ConvertToVector256Int16WithSaturation(Avx512F.ConvertToVector512Int32(v1 * inverse)).Store(codes + 16);
        return max / MaxCode;
    }

    private static float PartialBlock(float* x, short* codes, int length)
    {
        var max = 0f;
        for (var i = 0; i < length; i++)
        {
            max = MathF.Max(max, MathF.Abs(x[i]));
        }

        var inverse = max > 0 ? MaxCode / max : 0f;
        for (var i = 0; i < length; i++)
        {
            codes[i] = (short)Math.Clamp(MathF.Round(x[i] * inverse), -MaxCode, MaxCode);
        }

        return max / MaxCode;
    }
}

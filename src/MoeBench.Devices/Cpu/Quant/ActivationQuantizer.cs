using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// Rows of fp32 activations as int16 codes with one scale per row — symmetric, s = max|x| / 32767, code =
/// x / s rounded to nearest even — so integer weight codes can be multiplied by integer dot products
/// (<see cref="QuantMaddKernel512"/>). A code is off by at most s / 2 = max|x| / 65534: for a row of normal
/// activations (max ≈ 3.5σ over thousands of elements) a normwise error of ≈ 3e-5, against the 1e-4 fp32
/// tolerance results are validated at, and far below the int8/int4 weight rounding itself.
/// Rows are padded to an even length with a zero code, as the weight panels are.
/// </summary>
internal static unsafe class ActivationQuantizer
{
    public const int MaxCode = short.MaxValue;

    /// <summary>Codes per row: K rounded up to even, so every k pair of a panel has both activations.</summary>
    public static int Stride(int k) => k + (k & 1);

    /// <summary>Codes of rows × k activations into q (rows × <see cref="Stride"/>), their scales into scales (AVX-512F/BW).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(float* a, int rows, int k, short* q, float* scales)
    {
        int stride = Stride(k);
        for (var r = 0; r < rows; r++)
        {
            float* x = a + ((long)r * k);
            short* codes = q + ((long)r * stride);
            float max = MaxMagnitude(x, k);
            float inverse = max > 0 ? MaxCode / max : 0f;
            scales[r] = max / MaxCode;

            // cvtps2dq rounds to nearest even (the default MXCSR mode), as MathF.Round does for the tail; the
            // saturating narrow only guards the last ulp of max · (32767 / max).
            var scale = Vector512.Create(inverse);
            var i = 0;
            for (; i + 16 <= k; i += 16)
            {
                var code = Avx512F.ConvertToVector512Int32(Vector512.Load(x + i) * scale);
                Avx512F.ConvertToVector256Int16WithSaturation(code).Store(codes + i);
            }

            for (; i < k; i++)
            {
                codes[i] = (short)Math.Clamp(MathF.Round(x[i] * inverse), -MaxCode, MaxCode);
            }

            if (stride > k)
            {
                codes[k] = 0;
            }
        }
    }

    private static float MaxMagnitude(float* x, int k)
    {
        var best = Vector512<float>.Zero;
        var i = 0;
        for (; i + 16 <= k; i += 16)
        {
            best = Vector512.Max(best, Vector512.Abs(Vector512.Load(x + i)));
        }

        var max = 0f;
        for (var lane = 0; lane < Vector512<float>.Count; lane++)
        {
            max = MathF.Max(max, best[lane]);
        }

        for (; i < k; i++)
        {
            max = MathF.Max(max, MathF.Abs(x[i]));
        }

        return max;
    }
}

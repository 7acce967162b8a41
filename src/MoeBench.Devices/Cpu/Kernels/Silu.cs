using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// silu(g)·u = g·u / (1 + e^−g) on 8 lanes, with an fp32 exponential (Cephes <c>expf</c>: range reduction by ln 2,
/// degree-6 polynomial, ~2 ulp). Vector256.Exp(float) widens to double for a 1-ulp result and took twice as long here (best of 40),
/// which made SwiGLU compute-bound; 2 ulp is far inside the fp32 validation tolerance.
/// </summary>
internal static class Silu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Times(Vector256<float> g, Vector256<float> u) => g * u / (Vector256<float>.One + Exp(-g));

    public static float Times(float g, float u) => g * u / (1f + MathF.Exp(-g));

    /// <summary>e^x for x in fp32 range; inputs past ±88 saturate (to ~1.7e38 or ~5.8e−39), which silu absorbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.3f)), Vector256.Create(88.3f));
        var n = Vector256.Round(x * Vector256.Create(1.44269504088896341f));

        // x − n·ln 2 in two steps (ln 2 = C1 + C2, C1 exact in few bits) so the reduction loses no precision.
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693359375f), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(2.12194440e-4f), r);

        var p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);

        // 2^n built in the exponent field: n is in [−126, 127] after the clamp.
        var scale = (Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23;
        return p * scale.AsSingle();
    }
}

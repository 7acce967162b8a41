namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>
/// The transcendental functions the kernels need, in plain float arithmetic. ILGPU's PTX backend has no e-based exp
/// of its own: a kernel calling <c>MathF.Exp</c> fails to compile for CUDA ("'ExpF' does not have an intrinsic
/// implementation for this backend", pointing at ILGPU.Algorithms' XMath). So the kernels bring their own — one
/// source that compiles alike for CUDA and the CPU accelerator (PtxCompilationTests checks every kernel), accurate far
/// below the conformance tolerance (1e-4 normwise) — instead of a second package for one function.
/// </summary>
internal static class DeviceMath
{
    private const float Log2E = 1.44269504088896341f;

    // Cody–Waite split of ln 2: the high part has few enough bits that n·hi is exact for |n| ≤ 128.
    private const float Ln2Hi = 0.693145751953125f;
    private const float Ln2Lo = 1.42860682030941723212e-6f;

    /// <summary>
    /// e^x: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial to r⁷ (truncation below 5e-9 relative),
    /// 2^n by building the float's exponent, which keeps n in −126…127: below −87.3 the result would be subnormal and
    /// is flushed to 0, above 88 (within 2^-1 of float's largest) it is taken as +∞ — no score or SiLU here notices.
    /// </summary>
    public static float Exp(float x)
    {
        if (x < -87.3f)
        {
            return 0f;
        }

        if (x > 88f)
        {
            return float.PositiveInfinity;
        }

        var t = x * Log2E;
        var n = (int)(t >= 0 ? t + 0.5f : t - 0.5f);
        var r = x - (n * Ln2Hi) - (n * Ln2Lo);
        var p = 1f / 5040;
        p = (p * r) + (1f / 720);
        p = (p * r) + (1f / 120);
        p = (p * r) + (1f / 24);
        p = (p * r) + (1f / 6);
        p = (p * r) + 0.5f;
        p = (p * r) + 1f;
        p = (p * r) + 1f;
        return p * ILGPU.Interop.IntAsFloat((uint)(n + 127) << 23);
    }

    /// <summary>x·σ(x), the SiLU of SwiGLU.</summary>
    public static float Silu(float x) => x / (1f + Exp(-x));

    /// <summary>1 / √x.</summary>
    public static float Rsqrt(float x) => 1f / MathF.Sqrt(x);
}

using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Blas;

/// <summary>The widest x86 vector instruction set a kernel set may use, in increasing order.</summary>
internal enum VectorIsa
{
    None,
    Sse3,
    Sse42,
    Avx,

    /// <summary>AVX2 and FMA3, which OpenBLAS's Haswell and Zen kernels both use.</summary>
    Avx2,

    /// <summary>AVX-512 F, BW, DQ, VL and CD: what OpenBLAS's SkylakeX kernels use.</summary>
    Avx512,
}

internal static class HostVectorIsa
{
    /// <summary>
    /// This CPU's level as .NET sees it. .NET reports <see cref="Avx512F"/> only when F, BW, CD, DQ and VL are all
    /// present, exactly the SkylakeX set. With DOTNET_EnableAVX512F=0 (or another ISA switched off) the level reads
    /// lower than the silicon: a safe error, since a kernel set is then only ever chosen below what the CPU can run.
    /// </summary>
    public static VectorIsa Detect() =>
        Avx512F.IsSupported ? VectorIsa.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? VectorIsa.Avx2
        : Avx.IsSupported ? VectorIsa.Avx
        : Sse42.IsSupported ? VectorIsa.Sse42
        : Sse3.IsSupported ? VectorIsa.Sse3
        : VectorIsa.None;
}

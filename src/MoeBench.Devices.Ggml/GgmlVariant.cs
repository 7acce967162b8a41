using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Ggml;

/// <summary>The x86 features that decide which of the package's ggml builds can run here.</summary>
/// <param name="Avx512">AVX-512 F, BW, CD, DQ and VL together (.NET reports <see cref="Avx512F"/> only for all five).</param>
public readonly record struct CpuFeatures(bool Avx, bool Avx2, bool Fma, bool Avx512)
{
    public static CpuFeatures Host { get; } = new(
        System.Runtime.Intrinsics.X86.Avx.IsSupported,
        System.Runtime.Intrinsics.X86.Avx2.IsSupported,
        System.Runtime.Intrinsics.X86.Fma.IsSupported,
        Avx512F.IsSupported);
}

/// <summary>
/// Which instruction-set build of ggml to load. LLamaSharp.Backend.Cpu ships ggml compiled four times
/// (runtimes/&lt;rid&gt;/native/{avx512,avx2,avx,noavx}); each build executes its instructions unconditionally (no
/// GGML_BACKEND_DL feature check), so a build above the CPU dies of SIGILL at its first kernel and one below it runs
/// at a fraction of the speed. The widest the CPU supports is taken.
/// </summary>
public static class GgmlVariant
{
    public const string Avx512 = "avx512";
    public const string Avx2 = "avx2";
    public const string Avx = "avx";
    public const string NoAvx = "noavx";

    /// <summary>The avx512 and avx2 builds also use FMA (and F16C, which every FMA-capable x86 has).</summary>
    public static string Choose(CpuFeatures cpu) =>
        cpu.Avx512 && cpu.Avx2 && cpu.Fma ? Avx512
        : cpu.Avx2 && cpu.Fma ? Avx2
        : cpu.Avx ? Avx
        : NoAvx;
}

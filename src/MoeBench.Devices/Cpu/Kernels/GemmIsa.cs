using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// Which micro-kernel family a <see cref="PackedMatrix"/> is packed for. The packed panel width depends on it
/// (32 columns = two zmm for <see cref="Vector512"/>, 16 = two ymm otherwise), so it is fixed at pack time.
/// </summary>
public enum GemmIsa
{
    /// <summary>The widest family this processor accelerates.</summary>
    Auto = 0,

    /// <summary>Plain scalar loops: the fallback where no vector unit is accelerated.</summary>
    Scalar,

    /// <summary>256-bit vectors (AVX2 + FMA): 6×16 register tile.</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512F): 8×32 register tile. Runs (slowly, emulated) even where not accelerated.</summary>
    Vector512,
}

internal static class GemmIsaExtensions
{
    /// <summary>Auto resolved against the running processor; explicit choices are kept so tests can cover every family.</summary>
    public static GemmIsa Resolve(this GemmIsa isa) => isa switch
    {
        GemmIsa.Auto when Vector512.IsHardwareAccelerated => GemmIsa.Vector512,
        GemmIsa.Auto when Vector256.IsHardwareAccelerated => GemmIsa.Vector256,
        GemmIsa.Auto => GemmIsa.Scalar,
        GemmIsa.Scalar or GemmIsa.Vector256 or GemmIsa.Vector512 => isa,
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "unknown GEMM kernel family"),
    };

    /// <summary>Columns per packed B panel: the micro-kernel's NR.</summary>
    public static int PanelWidth(this GemmIsa isa) => isa == GemmIsa.Vector512 ? 32 : 16;
}

using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Blas;

/// <summary>
/// Which OpenBLAS kernel set (OPENBLAS_CORETYPE) to run. OpenBLAS 0.3.21's run-time CPU detection predates Zen 4/5
/// and picks its AVX2 "Haswell" kernels there: half the AVX-512 speed (sgemm 2048³ on two Zen 5 cores: 210 vs 409
/// GFLOP/s, shared/reference/this-machine.md). A baseline that slow would flatter the managed backend.
/// </summary>
internal static class OpenBlasCoreType
{
    public const string Variable = "OPENBLAS_CORETYPE";

    /// <summary>AVX-512 kernels of OpenBLAS's DYNAMIC_ARCH builds.</summary>
    public const string SkylakeX = "SkylakeX";

    /// <summary>Kernel sets that execute AVX-512 instructions (0.3.21 has the first two; SapphireRapids came later).</summary>
    private static readonly string[] Avx512Cores = [SkylakeX, "Cooperlake", "SapphireRapids"];

    /// <summary>
    /// The core type to ask for, or null to leave the choice alone: a value already set in the environment is the
    /// user's (kept as is), and without AVX-512 OpenBLAS's own detection is right. .NET reports
    /// <see cref="Avx512F"/> only when F, BW, CD, DQ and VL are all present — exactly what SkylakeX kernels use.
    /// </summary>
    public static string? Choose(string? environmentValue, bool hasAvx512F) =>
        !string.IsNullOrEmpty(environmentValue) ? null
        : hasAvx512F ? SkylakeX
        : null;

    /// <summary>
    /// Why the loaded kernel set cannot run here, or null. OpenBLAS 0.3.21 obeys OPENBLAS_CORETYPE=SkylakeX without
    /// checking the CPU, and its first GEMM then kills the process with SIGILL on a CPU without AVX-512 (seen on a
    /// Zen 3 host): the whole run, not one device, so discovery refuses it first.
    /// </summary>
    public static string? Unusable(string coreName, bool hasAvx512F) =>
        !hasAvx512F && Array.Exists(Avx512Cores, c => string.Equals(c, coreName, StringComparison.OrdinalIgnoreCase))
            ? $"OpenBLAS is running its {coreName} (AVX-512) kernels, which this CPU cannot execute; "
              + $"unset {Variable} or set it to a kernel set without AVX-512 (e.g. Haswell)"
            : null;

    /// <summary>Writes the choice into the native environment; effective only before OpenBLAS is first loaded.</summary>
    public static void ApplyBeforeLoad()
    {
        if (Choose(Environment.GetEnvironmentVariable(Variable), Avx512F.IsSupported) is { } core)
        {
            // Overwrite: an empty inherited value counts as unset, and OpenBLAS would otherwise take "" for a core name
            // (it then runs Haswell kernels, measured here).
            NativeEnvironment.TrySet(Variable, core, overwrite: true);
        }
    }
}

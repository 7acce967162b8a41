namespace MoeBench.Devices.Blas;

/// <summary>
/// Which OpenBLAS kernel set (OPENBLAS_CORETYPE) to run. OpenBLAS 0.3.21's run-time CPU detection predates Zen 4/5
/// and picks its AVX2 "Haswell" kernels there, and the machines here also set OPENBLAS_CORETYPE=Haswell (older builds
/// misbehave on some processors): half the AVX-512 speed on a full-width AVX-512 core (sgemm 2048³ on two Zen 5
/// cores: 210 vs 409 GFLOP/s, shared/reference/this-machine.md). A baseline that slow would flatter the managed
/// backend, so the device chooses for itself, whatever the environment says; the inherited value is recorded.
/// </summary>
internal static class OpenBlasCoreType
{
    public const string Variable = "OPENBLAS_CORETYPE";

    /// <summary>
    /// Kernel sets of OpenBLAS's x86-64 DYNAMIC_ARCH builds, fastest first for fp32 GEMM, with what each executes.
    /// Chosen: the first that the CPU can run and the library has. Cooperlake and SapphireRapids are left out: their
    /// sgemm kernels are SkylakeX's (they add bf16 and AMX paths this device does not call), and they need AVX512-BF16,
    /// which .NET cannot report. Zen runs the same AVX2 kernels as Haswell with other blocking; it is pinnable, and
    /// Haswell, ahead of it, is the set OpenBLAS itself detects on Zen 3.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, VectorIsa Needs)> Ladder =
    [
        ("SkylakeX", VectorIsa.Avx512),
        ("Haswell", VectorIsa.Avx2),
        ("Zen", VectorIsa.Avx2),
        ("Sandybridge", VectorIsa.Avx),
        ("Nehalem", VectorIsa.Sse42),
        ("Prescott", VectorIsa.Sse3),
    ];

    private static readonly string[] OtherAvx512 = ["Cooperlake", "SapphireRapids"];

    /// <summary>
    /// The fastest kernel set of <see cref="Ladder"/> that <paramref name="cpu"/> can execute and the library
    /// <paramref name="offers"/>, or null when none fits (the library's own choice then stands). A set the CPU cannot
    /// run is never returned: OpenBLAS 0.3.21 obeys OPENBLAS_CORETYPE=SkylakeX without checking, and its first GEMM
    /// then kills the process with SIGILL on a CPU without AVX-512 (seen on a Zen 3 host).
    /// </summary>
    public static string? Choose(VectorIsa cpu, Func<string, bool> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        foreach (var (name, needs) in Ladder)
        {
            if (needs <= cpu && offers(name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The ladder's spelling of <paramref name="name"/> (OpenBLAS matches names without case), or null.</summary>
    public static string? Canonical(string name) =>
        Ladder.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).Name;

    /// <summary>Why the kernel set <paramref name="core"/> cannot be pinned here, or null when it can.</summary>
    public static string? PinProblem(string core, VectorIsa cpu, Func<string, bool> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        if (Canonical(core) is not { } name)
        {
            return $"'{core}' is not an OpenBLAS core type this device pins (known: {string.Join(", ", Ladder.Select(c => c.Name))})";
        }

        var needs = Needs(name);
        if (needs > cpu)
        {
            return $"OpenBLAS's {name} kernels need {Describe(needs)}, which this CPU cannot execute (it has {Describe(cpu)})";
        }

        return offers(name) ? null : $"this OpenBLAS cannot run its {name} kernels here (it was built without them, or for one core type only)";
    }

    /// <summary>Why the kernel set <paramref name="core"/>, already loaded, cannot run on <paramref name="cpu"/>, or null.</summary>
    public static string? Unusable(string core, VectorIsa cpu) =>
        Needs(core) > cpu
            ? $"OpenBLAS is running its {core} kernels, which this CPU cannot execute, and cannot switch to others; "
              + $"set {Variable} to a kernel set this CPU runs (e.g. {Choose(cpu, _ => true) ?? "Prescott"}) before starting"
            : null;

    /// <summary>What a kernel set executes; the AVX-512 sets outside the ladder included, and None for names unknown here.</summary>
    private static VectorIsa Needs(string core) =>
        Canonical(core) is { } name ? Ladder.First(c => c.Name == name).Needs
        : Array.Exists(OtherAvx512, c => string.Equals(c, core, StringComparison.OrdinalIgnoreCase)) ? VectorIsa.Avx512
        : VectorIsa.None;

    private static string Describe(VectorIsa isa) => isa switch
    {
        VectorIsa.Avx512 => "AVX-512 (F, BW, DQ, VL)",
        VectorIsa.Avx2 => "AVX2 and FMA",
        VectorIsa.Avx => "AVX",
        VectorIsa.Sse42 => "SSE4.2",
        VectorIsa.Sse3 => "SSE3",
        _ => "no vector extensions",
    };
}

namespace MoeBench.Devices.Blas.Tests;

/// <summary>The OPENBLAS_CORETYPE choice, as a pure function of the CPU's vector level and a fake library's kernel sets.</summary>
public sealed class OpenBlasCoreTypeTests
{
    private static readonly string[] Debian0321 =
        ["Prescott", "Nehalem", "Sandybridge", "Haswell", "Zen", "SkylakeX", "Cooperlake", "Excavator", "Atom"];

    private static Func<string, bool> Offers(params string[] cores) =>
        name => Array.Exists(cores, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));

    [Theory]
    [InlineData("Avx512", "SkylakeX")]
    [InlineData("Avx2", "Haswell")]
    [InlineData("Avx", "Sandybridge")]
    [InlineData("Sse42", "Nehalem")]
    [InlineData("Sse3", "Prescott")]
    public void Each_cpu_gets_the_widest_kernels_it_executes(string cpu, string expected) =>
        Assert.Equal(expected, OpenBlasCoreType.Choose(Enum.Parse<VectorIsa>(cpu), Offers(Debian0321)));

    [Fact]
    public void A_kernel_set_the_library_lacks_is_passed_over_for_the_next() =>
        Assert.Equal("Haswell", OpenBlasCoreType.Choose(VectorIsa.Avx512, Offers("Haswell", "Sandybridge")));

    [Fact]
    public void Avx512_kernels_are_never_tried_on_a_cpu_without_avx512()
    {
        var asked = new List<string>();

        var chosen = OpenBlasCoreType.Choose(VectorIsa.Avx2, name =>
        {
            asked.Add(name);
            return true;
        });

        Assert.Equal("Haswell", chosen);
        Assert.DoesNotContain("SkylakeX", asked);
    }

    [Fact]
    public void Without_a_kernel_set_the_cpu_runs_there_is_no_choice() =>
        Assert.Null(OpenBlasCoreType.Choose(VectorIsa.Avx2, Offers("SkylakeX")));

    [Theory]
    [InlineData("Haswell")]
    [InlineData("haswell")]
    [InlineData("Zen")]
    public void A_kernel_set_the_cpu_runs_and_the_library_has_can_be_pinned(string core) =>
        Assert.Null(OpenBlasCoreType.PinProblem(core, VectorIsa.Avx512, Offers(Debian0321)));

    [Fact]
    public void Pinning_avx512_kernels_on_an_avx2_cpu_is_refused_naming_what_is_missing()
    {
        var reason = OpenBlasCoreType.PinProblem("SkylakeX", VectorIsa.Avx2, Offers(Debian0321));

        Assert.NotNull(reason);
        Assert.Contains("AVX-512", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinning_an_unknown_name_lists_the_known_ones()
    {
        var reason = OpenBlasCoreType.PinProblem("Skylake", VectorIsa.Avx512, Offers(Debian0321));

        Assert.NotNull(reason);
        Assert.Contains("SkylakeX, Haswell", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinning_a_kernel_set_the_library_lacks_is_refused() =>
        Assert.NotNull(OpenBlasCoreType.PinProblem("SkylakeX", VectorIsa.Avx512, Offers("Haswell")));

    [Fact]
    public void Pinned_names_take_the_ladders_spelling() =>
        Assert.Equal("SkylakeX", OpenBlasCoreType.Canonical("SKYLAKEX"));

    [Theory]
    [InlineData("SkylakeX")]
    [InlineData("skylakex")]
    [InlineData("Cooperlake")]
    public void Fixed_avx512_kernels_on_a_cpu_without_avx512_are_refused_with_the_fix(string core)
    {
        var reason = OpenBlasCoreType.Unusable(core, VectorIsa.Avx2);

        Assert.NotNull(reason);
        Assert.Contains($"{OpenBlasCoreType.Variable} to a kernel set this CPU runs (e.g. Haswell)", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SkylakeX", "Avx512")]
    [InlineData("Haswell", "Avx2")]
    [InlineData("Zen", "Avx2")]
    public void Fixed_kernels_the_cpu_can_execute_are_usable(string core, string cpu) =>
        Assert.Null(OpenBlasCoreType.Unusable(core, Enum.Parse<VectorIsa>(cpu)));

    [Theory]
    [InlineData(null, "OPENBLAS_CORETYPE unset")]
    [InlineData("Haswell", "OPENBLAS_CORETYPE=Haswell inherited, overridden")]
    [InlineData("skylakex", "OPENBLAS_CORETYPE=skylakex inherited")]
    public void The_listing_says_what_the_environment_held_and_whether_it_was_overridden(string? inherited, string expected) =>
        Assert.Equal(expected, new CoreSelection("SkylakeX", Pinned: false, inherited).Inheritance);

    [Fact]
    public void A_pinned_kernel_set_is_part_of_the_device_id_and_identity()
    {
        var pinned = new CoreSelection("Haswell", Pinned: true, Inherited: null);

        Assert.Equal("cpu-blas:Haswell", pinned.DeviceId);
        Assert.Equal("core Haswell (pinned by the device id)", pinned.Kernels);
        Assert.Equal("cpu-blas", new CoreSelection("SkylakeX", Pinned: false, "Haswell").DeviceId);
    }
}

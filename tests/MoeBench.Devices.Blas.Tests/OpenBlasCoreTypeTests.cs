namespace MoeBench.Devices.Blas.Tests;

/// <summary>The OPENBLAS_CORETYPE choice, as a pure function of the environment and the CPU.</summary>
public sealed class OpenBlasCoreTypeTests
{
    [Fact]
    public void Avx512_cpus_get_the_SkylakeX_kernels() =>
        Assert.Equal("SkylakeX", OpenBlasCoreType.Choose(environmentValue: null, hasAvx512F: true));

    [Fact]
    public void Without_avx512_OpenBLAS_detects_the_core_itself() =>
        Assert.Null(OpenBlasCoreType.Choose(environmentValue: null, hasAvx512F: false));

    [Theory]
    [InlineData("Haswell", true)]
    [InlineData("Zen", false)]
    public void A_core_type_set_in_the_environment_is_left_alone(string value, bool hasAvx512F) =>
        Assert.Null(OpenBlasCoreType.Choose(value, hasAvx512F));

    [Fact]
    public void An_empty_variable_counts_as_unset() =>
        Assert.Equal("SkylakeX", OpenBlasCoreType.Choose(environmentValue: "", hasAvx512F: true));

    [Theory]
    [InlineData("SkylakeX")]
    [InlineData("skylakex")]
    [InlineData("Cooperlake")]
    public void Avx512_kernels_on_a_cpu_without_avx512_are_refused_with_the_fix(string core)
    {
        var reason = OpenBlasCoreType.Unusable(core, hasAvx512F: false);

        Assert.NotNull(reason);
        Assert.Contains(OpenBlasCoreType.Variable, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SkylakeX", true)]
    [InlineData("Haswell", false)]
    [InlineData("Zen", false)]
    public void Kernels_the_cpu_can_execute_are_usable(string core, bool hasAvx512F) =>
        Assert.Null(OpenBlasCoreType.Unusable(core, hasAvx512F));
}

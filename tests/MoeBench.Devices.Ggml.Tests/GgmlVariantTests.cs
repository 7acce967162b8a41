namespace MoeBench.Devices.Ggml.Tests;

public sealed class GgmlVariantTests
{
    [Theory]
    [InlineData(true, true, true, true, GgmlVariant.Avx512)]
    [InlineData(true, true, true, false, GgmlVariant.Avx2)]
    [InlineData(true, true, false, false, GgmlVariant.Avx)] // AVX2 without FMA: the avx2 build would execute FMA
    [InlineData(true, false, false, false, GgmlVariant.Avx)]
    [InlineData(false, false, false, false, GgmlVariant.NoAvx)]
    [InlineData(true, true, false, true, GgmlVariant.Avx)] // AVX-512 without FMA does not exist, but must not pick avx512
    public void The_widest_build_the_cpu_can_execute_is_chosen(bool avx, bool avx2, bool fma, bool avx512, string expected) =>
        Assert.Equal(expected, GgmlVariant.Choose(new CpuFeatures(avx, avx2, fma, avx512)));

    [Fact]
    public void The_chosen_build_ships_in_the_output_folder()
    {
        var directory = GgmlLibrary.VariantDirectory(GgmlLibrary.DefaultRuntimesRoot, GgmlVariant.Choose(CpuFeatures.Host));

        Assert.True(File.Exists(Path.Combine(directory, "libggml-cpu.so")), $"{directory} has no libggml-cpu.so");
        Assert.True(File.Exists(Path.Combine(directory, "libggml-base.so")), $"{directory} has no libggml-base.so");
    }
}

using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Tests.Cpu;

public sealed class SlowdownInjectionTests
{
    [Fact]
    public void Parses_ops_and_fractions()
    {
        var injection = SlowdownInjection.Parse("grouped_gemm:0.25, swiglu:1");

        Assert.Equal(0.25, injection.For(OpKind.GroupedGemm));
        Assert.Equal(1.0, injection.For(OpKind.Swiglu));
        Assert.Equal(0, injection.For(OpKind.Gemm));
        Assert.Equal(256, injection.ExtraColumns(OpKind.GroupedGemm, 1024));
        Assert.Equal(1, injection.ExtraColumns(OpKind.GroupedGemm, 2));
    }

    [Theory]
    [InlineData("grouped_gemm")]
    [InlineData("grouped_gemm:-1")]
    [InlineData("warp:0.1")]
    [InlineData("gate:0.1")]
    [InlineData("gemm:abc")]
    public void Rejects_malformed_entries_naming_the_variable(string text)
    {
        var error = Assert.Throws<FormatException>(() => SlowdownInjection.Parse(text));
        Assert.StartsWith(SlowdownInjection.Variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_means_no_injection() => Assert.Empty(SlowdownInjection.Parse(null).Fractions);

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Injected_kernels_still_compute_the_right_result(int seed)
    {
        using var device = new CpuDevice(SlowdownInjection.Parse("grouped_gemm:0.5,gemm:0.3"));
        var random = new Random(seed);
        const int k = 33, n = 70;
        int[] offsets = [0, 3, 3, 10];
        var a = SeededInputs.Normal(random, 10 * k);
        var b = SeededInputs.Normal(random, 3 * k * n);
        using var weights = device.LoadWeights(b, 3, k, n, DType.F32);
        using var aBuffer = device.Allocate<float>(a.Length);
        using var offsetBuffer = device.Allocate<int>(offsets.Length);
        using var c = device.Allocate<float>(10 * n);
        device.Upload<float>(a, aBuffer);
        device.Upload<int>(offsets, offsetBuffer);

        device.Kernels.GroupedGemm(aBuffer, offsetBuffer, weights, c);

        var actual = new float[10 * n];
        device.Download(c, actual);
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(a), offsets, Widen.ToDouble(b), n, k);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) < 1e-4, $"seed {seed}: C[{i}] = {actual[i]}, reference {expected[i]}");
        }
    }
}

using System.Diagnostics;
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
    }

    [Fact]
    public void A_slowed_call_waits_its_fraction_of_its_own_time_after_the_kernel_returns()
    {
        Assert.Equal(1_050, SlowdownInjection.Until(begun: 0, returned: 1_000, fraction: 0.05));
        Assert.Equal(3_100, SlowdownInjection.Until(begun: 1_000, returned: 3_000, fraction: 0.05));
        Assert.Equal(2_000, SlowdownInjection.Until(begun: 2_000, returned: 2_000, fraction: 0.5));
    }

    [Fact]
    public void End_holds_a_slowed_call_for_its_fraction_and_an_unslowed_one_not_at_all()
    {
        var injection = SlowdownInjection.Parse("rmsnorm:0.5");
        Assert.Equal(0, injection.Begin(OpKind.Gemm));

        // A call that "began" 20 ms ago must be held at least 10 ms more (a lower bound only: a busy host adds time).
        var begun = Stopwatch.GetTimestamp() - (Stopwatch.Frequency / 50);
        var clock = Stopwatch.StartNew();
        injection.End(OpKind.RmsNorm, begun);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(10), $"held {clock.Elapsed.TotalMilliseconds:F2} ms");
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

using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>GEMM through the device's kernel interface; the kernels' own tests cover shapes and ISAs in depth.</summary>
[Collection(SharedCpuDevice.Name)]
public sealed class GemmKernelSmokeTests(CpuDeviceFixture fixture)
{
    [Theory]
    [InlineData(7, 6 * 16 + 7, 33, false, 1)]
    [InlineData(33, 20, 7, true, 2)]
    [InlineData(1, 33, 6 * 16 + 7, true, 3)]
    public void Gemm_through_the_kernels_matches_the_reference(int m, int n, int k, bool accumulate, int seed)
    {
        var a = SeededInputs.Normal(SeededInputs.For(seed, "a"), m * k);
        var b = SeededInputs.Normal(SeededInputs.For(seed, "b"), k * n);
        var c0 = SeededInputs.Normal(SeededInputs.For(seed, "c0"), m * n);
        using var d = new DeviceTensors(fixture.Device);
        var c = d.Upload(c0);

        d.Kernels.Gemm(d.Upload(a), d.Weights(b, 1, k, n), c, m, accumulate);

        var expected = ReferenceOps.Gemm(Widen.ToDouble(a), Widen.ToDouble(b), m, n, k, accumulate ? Widen.ToDouble(c0) : default);
        TensorAssert.Close(d.Read(c), expected, $"seed {seed}, {m}×{n}×{k} accumulate {accumulate}");
    }

    [Theory]
    [InlineData(new[] { 0, 3, 3, 10, 10 }, 20, 33, 1)]
    [InlineData(new[] { 0, 0, 1, 1 }, 6 * 16 + 7, 7, 2)]
    [InlineData(new[] { 0, 0, 33 }, 17, 6 * 16 + 7, 3)]
    public void Grouped_gemm_through_the_kernels_matches_the_reference_with_empty_groups(int[] offsets, int n, int k, int seed)
    {
        var groups = offsets.Length - 1;
        var rows = offsets[^1];
        var a = SeededInputs.Normal(SeededInputs.For(seed, "a"), rows * k);
        var b = SeededInputs.Normal(SeededInputs.For(seed, "b"), groups * k * n);
        using var d = new DeviceTensors(fixture.Device);
        var c = d.Allocate<float>(rows * n);

        d.Kernels.GroupedGemm(d.Upload(a), d.Upload(offsets), d.Weights(b, groups, k, n), c);

        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(a), offsets, Widen.ToDouble(b), n, k);
        TensorAssert.Close(d.Read(c), expected, $"seed {seed}, offsets [{string.Join(',', offsets)}] n {n} k {k}");
    }

    [Fact]
    public void Gemm_rejects_weights_with_several_groups()
    {
        using var d = new DeviceTensors(fixture.Device);
        var w = d.Weights(new float[2 * 4 * 4], 2, 4, 4);

        var e = Assert.Throws<ArgumentException>(() => d.Kernels.Gemm(d.Allocate<float>(4), w, d.Allocate<float>(4), 1, accumulate: false));

        Assert.Contains("2 groups", e.Message, StringComparison.Ordinal);
    }
}

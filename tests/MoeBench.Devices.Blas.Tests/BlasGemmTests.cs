using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>cblas_sgemm through the device API against ReferenceOps.Gemm (float64), at sizes that leave tails.</summary>
[Collection(SharedBlasDevice.Name)]
public sealed class BlasGemmTests(OpenBlasFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<int, int, int, bool, int> Shapes() => new()
    {
        { 1, 1, 1, false, 1 },
        { 1, 4096, 33, false, 2 },            // decode: one row
        { 7, 33, 45, false, 3 },
        { 33, 257, 7, true, 4 },
        { 5, (6 * 512) + 7, 33, false, 5 },   // k past OpenBLAS's K blocking, with a tail
        { 130, 64, (6 * 512) + 7, true, 6 },  // n past a column panel, with a tail
        { 257, 129, 65, false, 7 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_matches_the_float64_reference(int m, int k, int n, bool accumulate, int seed)
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        var random = SeededInputs.For(seed, "cpu-blas gemm");
        var a = SeededInputs.Normal(random, m * k);
        var b = SeededInputs.Normal(random, k * n);

        // Without accumulation C starts as NaN: beta = 0 must overwrite it, never read it.
        var c0 = accumulate ? SeededInputs.Normal(random, m * n) : Enumerable.Repeat(float.NaN, m * n).ToArray();
        var expected = ReferenceOps.Gemm(Widen.ToDouble(a), Widen.ToDouble(b), m, n, k, accumulate ? Widen.ToDouble(c0) : default);

        using var t = new DeviceTensors(device);
        var c = t.Upload(c0);
        t.Kernels.Gemm(t.Upload(a), t.Weights(b, 1, k, n), c, m, accumulate);

        TensorAssert.Close(t.Read(c), expected, $"seed {seed}: m={m} k={k} n={n} accumulate={accumulate}");
    }

    [Fact]
    public void Zero_rows_leave_the_output_untouched()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        using var t = new DeviceTensors(device);
        var sentinel = new[] { 7f };
        var c = t.Upload(sentinel);
        t.Kernels.Gemm(t.Allocate<float>(1), t.Weights(SeededInputs.Normal(new Random(8), 4 * 5), 1, 4, 5), c, 0, accumulate: false);

        Assert.Equal([7f], t.Read(c));
    }

    [Fact]
    public void A_buffer_too_short_for_the_product_is_rejected_before_the_native_call()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        using var t = new DeviceTensors(device);
        var weights = t.Weights(SeededInputs.Normal(new Random(9), 4 * 5), 1, 4, 5);

        Assert.Throws<ArgumentException>(() => t.Kernels.Gemm(t.Allocate<float>(3 * 4), weights, t.Allocate<float>(2 * 5), 3, accumulate: false));
        Assert.Throws<ArgumentException>(() => t.Kernels.Gemm(t.Allocate<float>(2 * 4), weights, t.Allocate<float>(3 * 5), 3, accumulate: false));
    }
}

using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>
/// One cblas_sgemm per expert against ReferenceOps.GroupedGemm. Empty groups' weights are NaN: if any leaked into
/// another group's rows (a wrong group → weights offset) the output would be NaN. C starts as NaN, so a row the
/// device failed to write shows too.
/// </summary>
[Collection(SharedBlasDevice.Name)]
public sealed class BlasGroupedGemmTests(OpenBlasFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<int[], int, int, int> Layouts() => new()
    {
        { [0, 3, 5], 33, 100, 1 },               // first group empty
        { [4, 0, 6], 257, 7, 2 },                // middle group empty
        { [2, 7, 0], 7, (6 * 512) + 7, 3 },      // last group empty
        { [0, 0, 9, 0], 33, 33, 4 },             // all rows in one group
        { [1, 1, 1, 1, 1, 1, 1, 1], 64, 48, 5 }, // decode: one token per expert
        { [0, 5, 0, 11, 0, 0, 2, 0], 512, 130, 6 },
        { [0, 213, 0, 40], 33, 40, 7 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Each_group_multiplies_its_own_weights_and_empty_groups_are_skipped(int[] groupRows, int k, int n, int seed)
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        var groups = groupRows.Length;
        var offsets = new int[groups + 1];
        for (var g = 0; g < groups; g++)
        {
            offsets[g + 1] = offsets[g] + groupRows[g];
        }

        var rows = offsets[groups];
        var random = SeededInputs.For(seed, "cpu-blas grouped_gemm");
        var a = SeededInputs.Normal(random, rows * k);
        var b = SeededInputs.Normal(random, groups * k * n);
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(a), offsets, Widen.ToDouble(b), n, k);
        for (var g = 0; g < groups; g++)
        {
            if (groupRows[g] == 0)
            {
                b.AsSpan(g * k * n, k * n).Fill(float.NaN);
            }
        }

        using var t = new DeviceTensors(device);
        var c = t.Upload(Enumerable.Repeat(float.NaN, rows * n).ToArray());
        t.Kernels.GroupedGemm(t.Upload(a), t.Upload(offsets), t.Weights(b, groups, k, n), c);

        TensorAssert.Close(
            t.Read(c), expected, $"seed {seed}: rows per group [{string.Join(", ", groupRows)}], k={k} n={n}");
    }

    [Fact]
    public void All_groups_empty_writes_nothing()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        using var t = new DeviceTensors(device);
        var sentinel = new[] { 7f };
        var allEmpty = new[] { 0, 0, 0, 0 };
        var c = t.Upload(sentinel);
        var weights = t.Weights(SeededInputs.Normal(new Random(20), 3 * 4 * 5), 3, 4, 5);
        t.Kernels.GroupedGemm(t.Allocate<float>(1), t.Upload(allEmpty), weights, c);

        Assert.Equal([7f], t.Read(c));
    }

    [Fact]
    public void Decreasing_offsets_are_rejected_before_the_native_call()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        using var t = new DeviceTensors(device);
        var weights = t.Weights(SeededInputs.Normal(new Random(21), 2 * 4 * 5), 2, 4, 5);
        var offsets = new[] { 0, 3, 1 };
        var decreasing = t.Upload(offsets);

        Assert.Throws<ArgumentException>(() =>
            t.Kernels.GroupedGemm(t.Allocate<float>(3 * 4), decreasing, weights, t.Allocate<float>(3 * 5)));
    }
}

using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>
/// The grouped (per-expert) product against ReferenceOps.GroupedGemm. Empty groups' weights are NaN: if any of
/// their values leaked into another group's rows (a wrong group → weights mapping) the output would be NaN.
/// </summary>
public sealed unsafe class GroupedSgemmTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<int[], int, int, GemmIsa, int> Layouts() => new()
    {
        { [0, 3, 5], 33, 100, GemmIsa.Auto, 1 },               // first group empty
        { [4, 0, 6], 257, 7, GemmIsa.Auto, 2 },                // middle group empty
        { [2, 7, 0], 7, (6 * 512) + 7, GemmIsa.Auto, 3 },      // last group empty
        { [0, 0, 9, 0], 33, 33, GemmIsa.Auto, 4 },             // all rows in one group
        { [1, 1, 1, 1, 1, 1, 1, 1], 64, 48, GemmIsa.Auto, 5 }, // decode: one token per expert
        { [0, 5, 0, 11, 0, 0, 2, 0], 512, 130, GemmIsa.Auto, 6 },
        { [0, 213, 0, 40], 33, 40, GemmIsa.Auto, 7 },          // a group taller than one row block (MC)
        { [3, 0, 8], 33, 45, GemmIsa.Scalar, 8 },
        { [3, 0, 8], 33, 45, GemmIsa.Vector256, 9 },
        { [3, 0, 8, 0, 17], 33, 45, GemmIsa.Vector512, 10 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Each_group_multiplies_its_own_weights_and_empty_groups_are_skipped(int[] groupRows, int k, int n, GemmIsa isa, int seed)
    {
        int groups = groupRows.Length;
        var offsets = new int[groups + 1];
        for (var g = 0; g < groups; g++)
        {
            offsets[g + 1] = offsets[g] + groupRows[g];
        }

        int rows = offsets[groups];
        var random = new Random(seed);
        var a = SeededInputs.Normal(random, Math.Max(1, rows * k));
        var b = SeededInputs.Normal(random, groups * k * n);
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(a), offsets, Widen.ToDouble(b), n, k);
        for (var g = 0; g < groups; g++)
        {
            if (groupRows[g] == 0)
            {
                b.AsSpan(g * k * n, k * n).Fill(float.NaN);
            }
        }

        using var packed = PackedGroups.Pack(b, groups, k, n, isa);
        var c = new float[Math.Max(1, rows * n)];
        fixed (float* pa = a, pc = c)
        fixed (int* po = offsets)
        {
            GroupedSgemm.Multiply(pa, po, packed, pc);
        }

        double error = SgemmTests.RelativeError(c, expected, rows, n, n);
        Assert.True(error < Tolerance, $"seed {seed}, isa {isa}, rows per group [{string.Join(", ", groupRows)}], k={k} n={n}: normwise relative error {error:E2}");
    }

    [Fact]
    public void All_groups_empty_writes_nothing()
    {
        using var packed = PackedGroups.Pack(SeededInputs.Normal(new Random(20), 3 * 4 * 5), 3, 4, 5);
        var offsets = new[] { 2, 2, 2, 2 };
        var c = new[] { 7f };
        fixed (int* po = offsets)
        fixed (float* pc = c)
        {
            GroupedSgemm.Multiply(null, po, packed, pc);
        }

        Assert.Equal(7f, c[0]);
    }

    [Fact]
    public void Decreasing_offsets_are_rejected()
    {
        using var packed = PackedGroups.Pack(SeededInputs.Normal(new Random(21), 2 * 4 * 5), 2, 4, 5);
        var offsets = new[] { 0, 3, 2 };
        var buffer = new float[20];
        fixed (float* p = buffer)
        {
            var pointer = p;
            Assert.Throws<ArgumentException>(() =>
            {
                fixed (int* po = offsets)
                {
                    GroupedSgemm.Multiply(pointer, po, packed, pointer);
                }
            });
        }
    }

    [Fact]
    public void Groups_expose_each_packed_matrix_with_the_shared_shape()
    {
        using var packed = PackedGroups.Pack(SeededInputs.Normal(new Random(22), 3 * 9 * 40), 3, 9, 40);
        Assert.Equal((3, 9, 40), (packed.Groups, packed.K, packed.N));
        Assert.All(Enumerable.Range(0, 3), g => Assert.Equal((9, 40), (packed[g].K, packed[g].N)));
        Assert.NotEqual(GemmIsa.Auto, packed.Isa);
    }
}

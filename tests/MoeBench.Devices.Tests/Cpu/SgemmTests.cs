using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>
/// The fp32 GEMM kernels against the float64 references in MoeBench.Core, normwise: max|out − ref| / max|ref|.
/// Shapes are odd on purpose (1, 7, 33, 257, 6·512+7) so every row, column and K tail path runs.
/// </summary>
public sealed unsafe class SgemmTests
{
    private const double Tolerance = 1e-4;
    private const float Untouched = 12345.5f;

    public static TheoryData<int, int, int, bool, int> OddShapes()
    {
        var data = new TheoryData<int, int, int, bool, int>();
        var seed = 100;
        foreach (var m in new[] { 0, 1, 7, 33, 130 })
        {
            foreach (var n in new[] { 1, 7, 33, 100 })
            {
                foreach (var k in new[] { 1, 7, 33, 257 })
                {
                    data.Add(m, n, k, false, seed++);
                    data.Add(m, n, k, true, seed++);
                }
            }
        }

        // Wide n (6·512+7 columns), more rows than one row block (MC), and K past one K block on the one-tile path.
        data.Add(7, (6 * 512) + 7, 33, true, 900);
        data.Add(401, 33, 300, false, 901);
        data.Add(3, 40, 4099, true, 902);

        // Many tiles tall with K past two full K blocks (KcBig 2048 on AVX2): C accumulates across blocks, odd K tail.
        data.Add(61, 33, (2 * 2048) + 7, false, 903);
        data.Add(61, 33, (2 * 2048) + 7, true, 904);
        return data;
    }

    public static TheoryData<GemmIsa, int, int, int, bool, int> EveryFamily()
    {
        var data = new TheoryData<GemmIsa, int, int, int, bool, int>();
        foreach (var isa in new[] { GemmIsa.Scalar, GemmIsa.Vector256, GemmIsa.Vector512 })
        {
            data.Add(isa, 1, 1, 1, false, 1);
            data.Add(isa, 9, 33, 257, true, 2);
            data.Add(isa, 130, 7, 7, false, 3);
            data.Add(isa, 17, 100, 33, true, 4);
            data.Add(isa, 200, 45, 20, true, 5);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void Multiply_matches_float64_reference_on_odd_shapes(int m, int n, int k, bool accumulate, int seed) =>
        AssertMultiplyMatches(GemmIsa.Auto, m, n, k, k, n, accumulate, seed);

    [Theory]
    [MemberData(nameof(EveryFamily))]
    public void Every_kernel_family_matches_the_reference_whether_accelerated_or_not(GemmIsa isa, int m, int n, int k, bool accumulate, int seed) =>
        AssertMultiplyMatches(isa, m, n, k, k, n, accumulate, seed);

    [Theory]
    [InlineData(33, 7, 257, false, 11)]
    [InlineData(33, 7, 257, true, 12)]
    [InlineData(5, 100, 33, true, 13)]
    [InlineData(150, 40, 9, false, 14)]
    public void Leading_dimensions_larger_than_k_and_n_are_respected(int m, int n, int k, bool accumulate, int seed) =>
        AssertMultiplyMatches(GemmIsa.Auto, m, n, k, k + 5, n + 3, accumulate, seed);

    [Fact]
    public void Weights_too_big_for_cache_split_by_columns_match_the_reference_on_sampled_rows()
    {
        // Packed B over 8 MiB is split by columns with all rows per item, so an item walks two MC row blocks and three
        // K blocks, the last one odd (513 = 256 + 256 + 1). The reference covers rows at the block edges only: a full
        // float64 product of this size would take seconds.
        const int M = 200, N = 4100, K = 513, Seed = 903;
        var random = new Random(Seed);
        var a = SeededInputs.Normal(random, M * K);
        var bValues = SeededInputs.Normal(random, K * N);
        var c = SeededInputs.Normal(random, M * N);
        var c0 = (float[])c.Clone();
        using var b = PackedMatrix.Pack(bValues, K, N);
        fixed (float* pa = a, pc = c)
        {
            Sgemm.Multiply(pa, K, b, pc, N, M, accumulate: true);
        }

        var wideB = Widen.ToDouble(bValues);
        foreach (var row in new[] { 0, 5, 6, 99, 100, 101, 103, 104, 143, 144, 191, 192, 199 })
        {
            var expected = ReferenceOps.Gemm(
                Widen.ToDouble(a.AsSpan(row * K, K)), wideB, 1, N, K, Widen.ToDouble(c0.AsSpan(row * N, N)));
            double error = RelativeError(c.AsSpan(row * N, N), expected, 1, N, N);
            Assert.True(error < Tolerance, $"seed {Seed}, isa {b.Isa}, row {row} of {M}x{N}x{K}: normwise relative error {error:E2}");
        }
    }

    [Fact]
    public void Zero_rows_is_a_no_op_even_with_null_operands()
    {
        using var b = PackedMatrix.Pack(SeededInputs.Normal(new Random(1), 7 * 5), 7, 5);
        var c = new float[5];
        Array.Fill(c, Untouched);
        fixed (float* pc = c)
        {
            Sgemm.Multiply(null, 7, b, pc, 5, 0, accumulate: false);
            Sgemm.Multiply(null, 7, b, null, 5, 0, accumulate: true);
        }

        Assert.All(c, v => Assert.Equal(Untouched, v));
    }

    [Fact]
    public void Invalid_arguments_and_disposed_weights_are_rejected()
    {
        var b = PackedMatrix.Pack(SeededInputs.Normal(new Random(2), 7 * 5), 7, 5);
        var a = new float[7];
        var c = new float[5];
        fixed (float* pa = a, pc = c)
        {
            var pA = pa;
            var pC = pc;
            Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Multiply(pA, 6, b, pC, 5, 1, false));
            Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Multiply(pA, 7, b, pC, 4, 1, false));
            Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Multiply(pA, 7, b, pC, 5, -1, false));
            b.Dispose();
            Assert.Throws<ObjectDisposedException>(() => Sgemm.Multiply(pA, 7, b, pC, 5, 1, false));
        }

        Assert.Throws<ArgumentException>(() => PackedMatrix.Pack(new float[10], 7, 5));
    }

    [Fact]
    public void Two_threads_multiplying_at_once_both_get_correct_results()
    {
        const int M = 64, N = 200, K = 300, Rounds = 8;
        using var start = new Barrier(2);
        var errors = new double[2];
        var threads = new Thread[2];
        for (var t = 0; t < 2; t++)
        {
            var id = t;
            threads[t] = new Thread(() =>
            {
                var random = new Random(500 + id);
                var a = SeededInputs.Normal(random, M * K);
                var bValues = SeededInputs.Normal(random, K * N);
                var expected = ReferenceOps.Gemm(Widen.ToDouble(a), Widen.ToDouble(bValues), M, N, K);
                using var b = PackedMatrix.Pack(bValues, K, N);
                var c = new float[M * N];
                start.SignalAndWait();
                for (var round = 0; round < Rounds; round++)
                {
                    Array.Clear(c);
                    fixed (float* pa = a, pc = c)
                    {
                        Sgemm.Multiply(pa, K, b, pc, N, M, accumulate: false);
                    }

                    errors[id] = Math.Max(errors[id], RelativeError(c, expected, M, N, N));
                }
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.True(errors[0] < Tolerance && errors[1] < Tolerance, $"seeds 500/501: relative errors {errors[0]:E2}, {errors[1]:E2}");
    }

    internal static void AssertMultiplyMatches(GemmIsa isa, int m, int n, int k, int lda, int ldc, bool accumulate, int seed)
    {
        var random = new Random(seed);
        var a = SeededInputs.Normal(random, Math.Max(1, m * lda));
        var bValues = SeededInputs.Normal(random, k * n);
        var c = SeededInputs.Normal(random, Math.Max(1, m * ldc));
        for (var i = 0; i < m; i++)
        {
            c.AsSpan((i * ldc) + n, ldc - n).Fill(Untouched);
        }

        var expected = ReferenceOps.Gemm(
            Widen.ToDouble(Dense(a, m, k, lda)), Widen.ToDouble(bValues), m, n, k, accumulate ? Widen.ToDouble(Dense(c, m, n, ldc)) : default);
        using var b = PackedMatrix.Pack(bValues, k, n, isa);
        fixed (float* pa = a, pc = c)
        {
            Sgemm.Multiply(pa, lda, b, pc, ldc, m, accumulate);
        }

        var context = $"seed {seed}, isa {isa} → {b.Isa}, m={m} n={n} k={k} lda={lda} ldc={ldc} accumulate={accumulate}";
        double error = RelativeError(c, expected, m, n, ldc);
        Assert.True(error < Tolerance, $"{context}: normwise relative error {error:E2}");
        for (var i = 0; i < m; i++)
        {
            for (var j = n; j < ldc; j++)
            {
                Assert.True(c[(i * ldc) + j] == Untouched, $"{context}: C[{i}, {j}] past n was written");
            }
        }
    }

    /// <summary>max |out − ref| / max |ref| over the m × n block (0 for an empty block).</summary>
    internal static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, int m, int n, int ldActual)
    {
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double r = expected[(i * n) + j];
                double v = actual[(i * ldActual) + j];
                maxDiff = double.IsFinite(v) ? Math.Max(maxDiff, Math.Abs(v - r)) : double.PositiveInfinity;
                maxRef = Math.Max(maxRef, Math.Abs(r));
            }
        }

        return maxDiff == 0 ? 0 : maxDiff / maxRef;
    }

    private static float[] Dense(float[] x, int rows, int cols, int ld)
    {
        var dense = new float[rows * cols];
        for (var i = 0; i < rows; i++)
        {
            x.AsSpan(i * ld, cols).CopyTo(dense.AsSpan(i * cols));
        }

        return dense;
    }
}

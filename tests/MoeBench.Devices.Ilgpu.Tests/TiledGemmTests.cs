using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Ilgpu.Tests;

/// <summary>
/// The GPU's shared-memory GEMM, run here on a CPU accelerator shaped like a GPU (warps of 32, 8 per group: the
/// 16 × 16 = 256-thread groups the kernel launches). Every barrier is then a barrier among 256 OS threads, so only
/// tiny shapes — but they cover what the tiles must get right: tails in every dimension, a tile whose rows span
/// several expert groups, empty groups holding NaN weights, and C overwritten (NaN) or accumulated.
/// </summary>
public sealed class TiledGemmTests : IDisposable
{
    private readonly Context _context = Context.Create(builder => builder.CPU(new CPUDevice(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8, numMultiprocessors: 1)));
    private readonly Accelerator _accelerator;
    private readonly IlgpuKernels _kernels;

    public TiledGemmTests()
    {
        _accelerator = _context.CreateCPUAccelerator(0);
        _kernels = new IlgpuKernels(_accelerator, new IlgpuKernelSet(_accelerator, tiled: true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tiled_gemm_matches_the_float64_reference_with_tails_in_every_dimension(bool accumulate)
    {
        const int M = 18, K = 19, N = 17;
        var a = SeededInputs.Normal(SeededInputs.For(11, "a"), M * K);
        var b = SeededInputs.Normal(SeededInputs.For(11, "b"), K * N);
        var c0 = accumulate ? SeededInputs.Normal(SeededInputs.For(11, "c"), M * N) : Enumerable.Repeat(float.NaN, M * N).ToArray();
        using var weights = new IlgpuWeights(_accelerator, b, 1, K, N);
        using var ab = Upload(a);
        using var c = Upload(c0);

        _kernels.Gemm(ab, weights, c, M, accumulate);

        var expected = ReferenceOps.Gemm(Widen.ToDouble(a), Widen.ToDouble(b), M, N, K, accumulate ? Widen.ToDouble(c0) : default);
        TensorAssert.Close(Read(c), expected, $"seed 11, tiled gemm {M}×{K}×{N} accumulate={accumulate}");
    }

    [Fact]
    public void Tiled_grouped_gemm_handles_tiles_that_span_groups_and_skips_empty_ones()
    {
        // Rows 0–2, 3–12 and 13–20 in groups 1, 3 and 4: the first 16-row tile spans three groups, the second two.
        int[] offsets = [0, 0, 3, 3, 13, 21];
        const int K = 18, N = 20;
        var groups = offsets.Length - 1;
        var a = SeededInputs.Normal(SeededInputs.For(12, "a"), offsets[^1] * K);
        var b = SeededInputs.Normal(SeededInputs.For(12, "b"), groups * K * N);
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(a), offsets, Widen.ToDouble(b), N, K);
        for (var g = 0; g < groups; g++)
        {
            if (offsets[g + 1] == offsets[g])
            {
                b.AsSpan(g * K * N, K * N).Fill(float.NaN);
            }
        }

        using var weights = new IlgpuWeights(_accelerator, b, groups, K, N);
        using var ab = Upload(a);
        using var ob = Upload(offsets);
        using var c = Upload(Enumerable.Repeat(float.NaN, offsets[^1] * N).ToArray());

        _kernels.GroupedGemm(ab, ob, weights, c);

        TensorAssert.Close(Read(c), expected, $"seed 12, tiled grouped_gemm offsets [{string.Join(", ", offsets)}] k={K} n={N}");
    }

    private IlgpuBuffer<T> Upload<T>(T[] values)
        where T : unmanaged
    {
        var buffer = new IlgpuBuffer<T>(_accelerator, values.Length);
        buffer.View.CopyFromCPU(values.AsSpan());
        return buffer;
    }

    private float[] Read(IlgpuBuffer<float> buffer)
    {
        _accelerator.Synchronize();
        var values = new float[buffer.Length];
        buffer.View.CopyToCPU(values.AsSpan());
        return values;
    }

    public void Dispose()
    {
        _kernels.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }
}

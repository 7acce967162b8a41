using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;

namespace MoeBench.Devices.Tests.Cpu;

[Collection(SharedCpuDevice.Name)]
public sealed class ElementwiseKernelTests(CpuDeviceFixture fixture)
{
    private const float Untouched = -12345f;

    [Theory]
    [InlineData(1, 7, 1f, 1)]
    [InlineData(7, 33, 3f, 2)]
    [InlineData(33, 6 * 16 + 7, 3f, 3)]
    [InlineData(33, 7, 1f, 4)]
    [InlineData(1, 6 * 16 + 7, 1f, 5)]
    [InlineData(7, 16, 1f, 6)]
    // Gate values up to ±100: e^−g overflows fp32 for g < −88, where silu must give (−)0, not NaN.
    [InlineData(7, 33, 30f, 7)]
    // Large enough (> 128 KiB touched) for CpuRows to split the rows over threads.
    [InlineData(263, 6 * 16 + 7, 1f, 8)]
    public void Swiglu_matches_the_float64_reference(int rows, int ffn, float scale, int seed)
    {
        var gateUp = SeededInputs.Normal(SeededInputs.For(seed, "gateUp"), rows * 2 * ffn, scale);
        using var d = new DeviceTensors(fixture.Device);
        var output = d.Allocate<float>(rows * ffn);

        d.Kernels.Swiglu(d.Upload(gateUp), rows, null, ffn, output);

        var actual = d.Read(output);
        Assert.True(Array.TrueForAll(actual, float.IsFinite), $"seed {seed}: non-finite output");
        TensorAssert.Close(actual, ReferenceOps.Swiglu(Widen.ToDouble(gateUp), rows, ffn), $"seed {seed}, {rows}×{ffn} scale {scale}");
    }

    [Theory]
    // The dispatch kept 20 of 33 possible rows: rows 20–32 hold stale data and must be left alone.
    [InlineData(33, 33, new[] { 0, 5, 5, 20 }, 20, 1)]
    [InlineData(33, 6 * 16 + 7, new[] { 0, 0, 1 }, 1, 2)]
    [InlineData(7, 7, new[] { 0, 0, 0 }, 0, 3)]
    // More kept rows than the buffer holds: maxRows wins.
    [InlineData(7, 33, new[] { 0, 40 }, 7, 4)]
    // Large enough (> 128 KiB touched) for CpuRows to split the rows over threads.
    [InlineData(300, 6 * 16 + 7, new[] { 0, 100, 250 }, 250, 5)]
    public void Swiglu_with_group_offsets_stops_at_the_kept_rows(int maxRows, int ffn, int[] offsets, int keptRows, int seed)
    {
        var gateUp = SeededInputs.Normal(SeededInputs.For(seed, "gateUp"), maxRows * 2 * ffn);
        using var d = new DeviceTensors(fixture.Device);
        var output = d.Upload(Enumerable.Repeat(Untouched, maxRows * ffn).ToArray());

        d.Kernels.Swiglu(d.Upload(gateUp), maxRows, d.Upload(offsets), ffn, output);

        var actual = d.Read(output);
        var context = $"seed {seed}, {maxRows}×{ffn}, offsets [{string.Join(',', offsets)}]";
        if (keptRows > 0)
        {
            TensorAssert.Close(actual.AsSpan(0, keptRows * ffn), ReferenceOps.Swiglu(Widen.ToDouble(gateUp), keptRows, ffn), context);
        }

        var touched = Array.FindIndex(actual, keptRows * ffn, v => v != Untouched);
        Assert.True(touched < 0, $"{context}: row {touched / ffn} beyond the kept rows was written");
    }

    [Theory]
    [InlineData(1, 7, 1)]
    [InlineData(7, 33, 2)]
    [InlineData(33, 6 * 16 + 7, 3)]
    [InlineData(33, 16, 4)]
    [InlineData(7, 1, 5)]
    [InlineData(1, 6 * 512 + 7, 6)]
    // Large enough (> 128 KiB touched) for CpuRows to split the rows over threads.
    [InlineData(257, 6 * 32 + 7, 7)]
    public void RmsNorm_matches_the_float64_reference(int rows, int hidden, int seed)
    {
        // Rows of very different scales: the norm must divide each by its own RMS.
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), rows * hidden);
        for (var r = 0; r < rows; r++)
        {
            x.AsSpan(r * hidden, hidden).ToArray().Select(v => v * (r + 1) * 10f).ToArray().CopyTo(x, r * hidden);
        }

        var gamma = SeededInputs.Uniform(SeededInputs.For(seed, "gamma"), hidden, 0.5f, 1.5f);
        using var d = new DeviceTensors(fixture.Device);
        var y = d.Upload(Enumerable.Repeat(Untouched, rows * hidden).ToArray());

        d.Kernels.RmsNorm(d.Upload(x), d.Upload(gamma), rows, hidden, 1e-6f, y);

        var expected = ReferenceOps.RmsNorm(Widen.ToDouble(x), Widen.ToDouble(gamma), rows, hidden, 1e-6);
        var actual = d.Read(y);
        // Normalised rows are O(1) whatever their input scale, so check each row against its own reference.
        for (var r = 0; r < rows; r++)
        {
            TensorAssert.Close(actual.AsSpan(r * hidden, hidden), expected.AsSpan(r * hidden, hidden), $"seed {seed}, {rows}×{hidden}, row {r}");
        }
    }
}

using MoeBench.Core.Attention;
using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices;
using MoeBench.Devices.Cpu;

namespace MoeBench.Serving.Tests.Model;

public sealed class PagedAttentionTests : IDisposable
{
    private readonly CpuDevice _device = new();

    public void Dispose() => _device.Dispose();

    /// <summary>
    /// Two sequences in one call, each with history already in the cache over blocks scattered through the pool: a
    /// prefill chunk of several rows and a single decode row, compared with the float64 reference over contiguous history.
    /// </summary>
    [Theory]
    [InlineData(8, 2, 16, 4, 37, 5, 70)]
    [InlineData(6, 2, 12, 5, 0, 9, 3)]
    [InlineData(4, 4, 8, 16, 130, 1, 0)]
    public void Paged_attention_matches_the_reference(int heads, int kvHeads, int headDim, int blockTokens, int past0, int rows0, int past1)
    {
        var shape = new AttentionShape(heads, kvHeads, headDim, blockTokens);
        int[] past = [past0, past1], rows = [rows0, 1];
        var random = SeededInputs.For(11, "paged-attention");
        var kvWidth = kvHeads * headDim;
        var poolBlocks = 64;
        var order = Enumerable.Range(0, poolBlocks).OrderBy(_ => random.Next()).ToArray();
        var keyPool = new float[poolBlocks * shape.BlockFloats];
        var valuePool = new float[poolBlocks * shape.BlockFloats];
        var qkv = SeededInputs.Normal(random, (rows0 + 1) * shape.QkvWidth);
        var sequences = new List<int>();
        var table = new List<int>();
        var expected = new List<double>();
        var nextBlock = 0;
        for (var s = 0; s < 2; s++)
        {
            var blocks = order.Skip(nextBlock).Take(((past[s] + rows[s]) / blockTokens) + 1).ToArray();
            nextBlock += blocks.Length;
            sequences.AddRange([s == 0 ? 0 : rows0, rows[s], past[s], table.Count]);
            table.AddRange(blocks);
            var rawKeys = SeededInputs.Normal(random, Math.Max(1, past[s] * kvWidth));
            var values = SeededInputs.Normal(random, Math.Max(1, past[s] * kvWidth));
            var keys = ReferenceAttention.RotatedKeys(Widen.ToDouble(rawKeys), past[s], shape);
            for (var p = 0; p < past[s]; p++)
            {
                var slot = (blocks[p / blockTokens] * blockTokens) + (p % blockTokens);
                for (var i = 0; i < kvWidth; i++)
                {
                    keyPool[(slot * kvWidth) + i] = (float)keys[(p * kvWidth) + i];
                    valuePool[(slot * kvWidth) + i] = values[(p * kvWidth) + i];
                }
            }

            var mine = Widen.ToDouble(qkv.AsSpan((s == 0 ? 0 : rows0) * shape.QkvWidth, rows[s] * shape.QkvWidth));
            expected.AddRange(ReferenceAttention.Forward(mine, keys, Widen.ToDouble(values), past[s], rows[s], shape));
        }

        var actual = Run(shape, qkv, [.. sequences], [.. table], keyPool, valuePool, past.Max() + rows.Max(), (rows0 + 1) * shape.OutputWidth);

        double maxError = 0, maxReference = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            maxError = Math.Max(maxError, Math.Abs(actual[i] - expected[i]));
            maxReference = Math.Max(maxReference, Math.Abs(expected[i]));
        }

        Assert.True(maxError <= 1e-4 * maxReference, $"max error {maxError:E2} against max |reference| {maxReference:E2}");
    }

    private float[] Run(AttentionShape shape, float[] qkv, int[] sequences, int[] table, float[] keys, float[] values, int positions, int outputLength)
    {
        using var q = Upload(qkv);
        using var seq = Upload(sequences);
        using var blocks = Upload(table);
        using var rope = Upload(RopeTable.Build(positions, shape.HeadDim, shape.RopeTheta));
        using var k = Upload(keys);
        using var v = Upload(values);
        using var output = _device.Allocate<float>(outputLength);
        ((IDecoderKernels)_device.Kernels).PagedAttention(q, seq, sequences.Length / AttentionShape.SequenceFields, blocks, rope, k, v, shape, output);
        var result = new float[outputLength];
        _device.Download(output, result);
        return result;
    }

    private DeviceBuffer<T> Upload<T>(T[] values)
        where T : unmanaged
    {
        var buffer = _device.Allocate<T>(values.Length);
        _device.Upload<T>(values, buffer);
        return buffer;
    }
}

using MoeBench.Core.Attention;

namespace MoeBench.Devices;

/// <summary>
/// The ops a transformer decoder needs beside the MoE block's: attention over a paged KV cache and the glue of the
/// residual stream and the LM head. A device whose <see cref="IDevice.Kernels"/> implements this can serve a model;
/// semantics are those of <see cref="ReferenceAttention"/> and the plain loops documented here.
/// </summary>
public interface IDecoderKernels
{
    /// <summary>
    /// Batched causal attention with RoPE. Sequence s is <see cref="AttentionShape.SequenceFields"/> ints of
    /// <paramref name="sequences"/>: first row, rows, past (positions already cached), first entry of its block list in
    /// <paramref name="blockTable"/>. Each new row's keys (rotated) and values are written to the cache at its position
    /// first, then every row attends to positions 0 … its own.
    /// </summary>
    /// <param name="qkv">[tokens × <see cref="AttentionShape.QkvWidth"/>], un-rotated; left unchanged.</param>
    /// <param name="rope">[positions × head dim] from <see cref="RopeTable.Build"/>.</param>
    /// <param name="output">[tokens × <see cref="AttentionShape.OutputWidth"/>].</param>
    void PagedAttention(
        DeviceBuffer<float> qkv, DeviceBuffer<int> sequences, int sequenceCount, DeviceBuffer<int> blockTable, DeviceBuffer<float> rope,
        DeviceBuffer<float> keyCache, DeviceBuffer<float> valueCache, AttentionShape shape, DeviceBuffer<float> output);

    /// <summary>sum[i] = a[i] + b[i] for i below <paramref name="length"/> (sum may be a or b).</summary>
    void Add(DeviceBuffer<float> a, DeviceBuffer<float> b, int length, DeviceBuffer<float> sum);

    /// <summary>destination row i = source row rows[i], rows <paramref name="width"/> wide.</summary>
    void GatherRows(DeviceBuffer<float> source, DeviceBuffer<int> rows, int count, int width, DeviceBuffer<float> destination);

    /// <summary>indices[r] = the first column of the largest value in row r (greedy decoding).</summary>
    void ArgMax(DeviceBuffer<float> values, int rows, int width, DeviceBuffer<int> indices);
}

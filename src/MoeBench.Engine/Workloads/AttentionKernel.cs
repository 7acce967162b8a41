using MoeBench.Core;
using MoeBench.Core.Attention;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Reference;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// <c>attention_decode</c> / <c>attention_prefill</c>: each sequence's history (rotated keys, values) is placed in
/// cache blocks scattered through the pool by a seeded permutation, as a paged cache holds a long-running server's;
/// an invocation writes the new rows' keys and values (the same slots every time) and attends.
/// </summary>
internal sealed class AttentionKernel(AttentionParams p) : OpKernel<AttentionKernel.Host, AttentionKernel.Set>
{
    private readonly AttentionShape _s = p.Shape;

    private int BlocksPerSequence => (p.Context + _s.BlockTokens - 1) / _s.BlockTokens;

    private int KvWidth => _s.KvHeads * _s.HeadDim;

    public override Host Draw(int seed, int index)
    {
        Random R(string what) => SeededInputs.For(seed, $"attention.{what}.{index}");
        var history = Math.Max(1, p.Sequences * p.Past * KvWidth);
        var blocks = Enumerable.Range(0, p.Sequences * BlocksPerSequence).ToArray();
        R("blocks").Shuffle(blocks);
        return new(
            SeededInputs.Normal(R("qkv"), p.Sequences * p.Rows * _s.QkvWidth),
            SeededInputs.Normal(R("keys"), history),
            SeededInputs.Normal(R("values"), history),
            blocks);
    }

    public override Set Upload(DeviceResources resources, Host host)
    {
        var poolFloats = host.Blocks.Length * _s.BlockFloats;
        var keys = new float[poolFloats];
        var values = new float[poolFloats];
        var sequences = new int[p.Sequences * AttentionShape.SequenceFields];
        for (var s = 0; s < p.Sequences; s++)
        {
            var rotated = RotatedHistory(host, s);
            for (var pos = 0; pos < p.Past; pos++)
            {
                var slot = ((long)host.Blocks[(s * BlocksPerSequence) + (pos / _s.BlockTokens)] * _s.BlockTokens) + (pos % _s.BlockTokens);
                for (var i = 0; i < KvWidth; i++)
                {
                    keys[(slot * KvWidth) + i] = (float)rotated[(pos * KvWidth) + i];
                    values[(slot * KvWidth) + i] = host.Values[(((long)s * p.Past) + pos) * KvWidth + i];
                }
            }

            (sequences[s * 4], sequences[(s * 4) + 1], sequences[(s * 4) + 2], sequences[(s * 4) + 3]) = (s * p.Rows, p.Rows, p.Past, s * BlocksPerSequence);
        }

        return new(
            resources.Upload(host.Qkv), resources.Upload(sequences), resources.Upload(host.Blocks),
            resources.Upload(RopeTable.Build(p.Context, _s.HeadDim, _s.RopeTheta)), resources.Upload(keys), resources.Upload(values),
            resources.Allocate<float>(p.Sequences * p.Rows * _s.OutputWidth));
    }

    public override void Invoke(IMoeKernels kernels, Set inputs) =>
        (kernels as IDecoderKernels ?? throw new NotSupportedException("these kernels have no paged attention (IDecoderKernels)"))
            .PagedAttention(inputs.Qkv, inputs.Sequences, p.Sequences, inputs.BlockTable, inputs.Rope, inputs.Keys, inputs.Values, _s, inputs.Output);

    public override ValidationResult Check(DeviceResources resources, Set inputs, Host host)
    {
        var actual = resources.Read(inputs.Output, p.Sequences * p.Rows * _s.OutputWidth);
        var expected = new double[actual.Length];
        for (var s = 0; s < p.Sequences; s++)
        {
            var qkv = Widen.ToDouble(host.Qkv.AsSpan(s * p.Rows * _s.QkvWidth, p.Rows * _s.QkvWidth));
            var values = Widen.ToDouble(host.Values.AsSpan(s * p.Past * KvWidth, p.Past * KvWidth));
            AttentionParams.Reference(qkv, RotatedHistory(host, s), values, p).CopyTo(expected, s * p.Rows * _s.OutputWidth);
        }

        return ValidationResult.Compare(actual, expected, DType.F32.Tolerance(), p.Rows == 1 ? "attention_decode" : "attention_prefill");
    }

    private double[] RotatedHistory(Host host, int s) =>
        ReferenceAttention.RotatedKeys(Widen.ToDouble(host.Keys.AsSpan(s * p.Past * KvWidth, p.Past * KvWidth)), p.Past, _s);

    internal sealed record Host(float[] Qkv, float[] Keys, float[] Values, int[] Blocks);

    internal sealed record Set(
        DeviceBuffer<float> Qkv, DeviceBuffer<int> Sequences, DeviceBuffer<int> BlockTable, DeviceBuffer<float> Rope,
        DeviceBuffer<float> Keys, DeviceBuffer<float> Values, DeviceBuffer<float> Output);
}

using MoeBench.Core;
using MoeBench.Core.Attention;
using MoeBench.Core.Layers;
using MoeBench.Devices;
using MoeBench.Devices.Layers;

namespace MoeBench.Serving.Model;

/// <summary>
/// The decoder on a device, one batched forward per serving step: all rows of the step (prefill chunks and decode
/// tokens of every running request) go through each layer's projections and MoE FFN together — the point of
/// continuous batching — while attention runs per sequence over its own pages of the KV cache. Buffers are sized once
/// for the largest step, so a step allocates nothing.
/// </summary>
public sealed class DeviceDecoder : IDisposable
{
    private readonly IDevice _device;
    private readonly IDecoderKernels _kernels;
    private readonly DecoderSpec _spec;
    private readonly AttentionShape _shape;
    private readonly float[] _embedding;
    private readonly float[] _staging;
    private readonly List<IDisposable> _owned = [];
    private readonly Layer[] _layers;
    private readonly DeviceBuffer<float> _xn, _qkv, _attention, _final, _rope, _gathered, _normed, _logits, _finalGamma;
    private readonly DeviceBuffer<int> _sequences, _blockTable, _logitRows, _next;
    private readonly IDeviceWeights _lmHead;

    public DeviceDecoder(IDevice device, DecoderSpec spec, DecoderWeights weights, int maxTokens, int maxSequences, int kvBlocks, int maxBlocksPerSequence)
    {
        _device = device;
        _kernels = device.Kernels as IDecoderKernels
            ?? throw new NotSupportedException($"{device.Info.Id}: its kernels have no attention (IDecoderKernels), so it cannot serve a decoder");
        _spec = spec;
        _shape = spec.Attention;
        var m = spec.Model;
        var h = m.Hidden;
        var cacheFloats = (long)kvBlocks * _shape.BlockFloats;
        if (cacheFloats > int.MaxValue)
        {
            throw new ArgumentException($"KV cache of {kvBlocks} blocks holds {cacheFloats} floats per layer; a device buffer holds at most {int.MaxValue}");
        }

        _embedding = weights.Embedding;
        _staging = new float[maxTokens * h];
        _layers = new Layer[spec.Layers];
        for (var l = 0; l < _layers.Length; l++)
        {
            var w = weights.Layers[l];
            var moe = spec.Moe(maxTokens);
            _layers[l] = new Layer(
                Upload(w.AttentionGamma),
                Own(device.LoadWeights(w.Qkv, 1, h, _shape.QkvWidth, DType.F32)),
                Own(device.LoadWeights(w.Output, 1, _shape.OutputWidth, h, DType.F32)),
                Own(new MoeLayerExecutor(device, moe, w.Moe, new MoeLayerInputs(new float[maxTokens * h], new float[maxTokens * moe.RouterExperts], []))),
                Own(device.Allocate<float>((int)cacheFloats)),
                Own(device.Allocate<float>((int)cacheFloats)));
        }

        _xn = Own(device.Allocate<float>(maxTokens * h));
        _qkv = Own(device.Allocate<float>(maxTokens * _shape.QkvWidth));
        _attention = Own(device.Allocate<float>(maxTokens * _shape.OutputWidth));
        _final = Own(device.Allocate<float>(maxTokens * h));
        _rope = Upload(RopeTable.Build(m.ContextTokens, _shape.HeadDim, _shape.RopeTheta));
        _sequences = Own(device.Allocate<int>(maxSequences * AttentionShape.SequenceFields));
        _blockTable = Own(device.Allocate<int>(maxSequences * maxBlocksPerSequence));
        _logitRows = Own(device.Allocate<int>(maxSequences));
        _next = Own(device.Allocate<int>(maxSequences));
        _gathered = Own(device.Allocate<float>(maxSequences * h));
        _normed = Own(device.Allocate<float>(maxSequences * h));
        _logits = Own(device.Allocate<float>(checked(maxSequences * m.Vocab)));
        _finalGamma = Upload(weights.FinalGamma);
        _lmHead = Own(device.LoadWeights(weights.LmHead, 1, h, m.Vocab, DType.F32));
        device.Synchronize();
    }

    /// <summary>
    /// Runs the batch through every layer, writing each new row's keys and values into the cache, and leaves the
    /// greedy next token of each logit row in <see cref="DecoderBatch.NextTokens"/>; returns when the device is done.
    /// </summary>
    public void Forward(DecoderBatch batch)
    {
        var kernels = _device.Kernels;
        var (t, h) = (batch.Tokens, _spec.Model.Hidden);
        for (var r = 0; r < t; r++)
        {
            _embedding.AsSpan(batch.TokenIds[r] * h, h).CopyTo(_staging.AsSpan(r * h, h));
        }

        _device.Upload<float>(_staging.AsSpan(0, t * h), _layers[0].Moe.Input);
        _device.Upload<int>(batch.Sequences.AsSpan(0, batch.SequenceCount * AttentionShape.SequenceFields), _sequences);
        _device.Upload<int>(batch.BlockTable.AsSpan(0, batch.BlockTableLength), _blockTable);
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var x = layer.Moe.Input;
            kernels.RmsNorm(x, layer.AttentionGamma, t, h, MoeLayerSpec.RmsEpsilon, _xn);
            kernels.Gemm(_xn, layer.Qkv, _qkv, t, accumulate: false);
            _kernels.PagedAttention(_qkv, _sequences, batch.SequenceCount, _blockTable, _rope, layer.Keys, layer.Values, _shape, _attention);
            kernels.Gemm(_attention, layer.Output, x, t, accumulate: true);
            layer.Moe.Forward(t);
            _kernels.Add(x, layer.Moe.Output, t * h, l + 1 < _layers.Length ? _layers[l + 1].Moe.Input : _final);
        }

        var n = batch.LogitCount;
        if (n > 0)
        {
            _device.Upload<int>(batch.LogitRows.AsSpan(0, n), _logitRows);
            _kernels.GatherRows(_final, _logitRows, n, h, _gathered);
            kernels.RmsNorm(_gathered, _finalGamma, n, h, MoeLayerSpec.RmsEpsilon, _normed);
            kernels.Gemm(_normed, _lmHead, _logits, n, accumulate: false);
            _kernels.ArgMax(_logits, n, _spec.Model.Vocab, _next);
        }

        _device.Synchronize();
        if (n > 0)
        {
            _device.Download(_next, batch.NextTokens.AsSpan(0, n));
        }
    }

    /// <summary>The logits of the last forward's logit rows, [rows × vocab] (validation only: it copies them all).</summary>
    public float[] ReadLogits(int rows)
    {
        var logits = new float[rows * _spec.Model.Vocab];
        _device.Synchronize();
        _device.Download(_logits, logits);
        return logits;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        _owned.Clear();
    }

    private DeviceBuffer<float> Upload(float[] values)
    {
        var buffer = Own(_device.Allocate<float>(values.Length));
        _device.Upload<float>(values, buffer);
        return buffer;
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    private sealed record Layer(
        DeviceBuffer<float> AttentionGamma, IDeviceWeights Qkv, IDeviceWeights Output, MoeLayerExecutor Moe,
        DeviceBuffer<float> Keys, DeviceBuffer<float> Values);
}

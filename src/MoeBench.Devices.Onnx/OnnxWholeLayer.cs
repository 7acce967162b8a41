using MoeBench.Core.Layers;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Onnx;

/// <summary>A whole-layer graph (<see cref="ExplicitLayerGraph"/> or <see cref="ContribMoeLayerGraph"/>) as one session, run as one call.</summary>
internal sealed unsafe class OnnxWholeLayer(string form, OnnxModel model, long bytes, MoeLayerSpec spec, OnnxDeviceContext context) : IWholeLayer
{
    private readonly OnnxSession _session = new(model, context);

    public string Form => form;

    public long Bytes => bytes;

    public void Forward(DeviceBuffer<float> x, DeviceBuffer<float> logitBias, int tokens, DeviceBuffer<float> y, DeviceBuffer<int> ids)
    {
        var (h, e, k) = (spec.Model.Hidden, spec.RouterExperts, spec.Model.TopK);
        if (tokens == 0)
        {
            return;
        }

        _session.Run(
            [OnnxTensor.Of(P(x), tokens, h), OnnxTensor.Of(P(logitBias), tokens, e)],
            [OnnxTensor.Of(P(y), tokens, h), OnnxTensor.Of(P(ids), tokens, k)]);
    }

    public void Dispose() => _session.Dispose();

    private static T* P<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer is CpuBuffer<T> host ? host.Data : throw new ArgumentException("buffer belongs to another device", nameof(buffer));
}

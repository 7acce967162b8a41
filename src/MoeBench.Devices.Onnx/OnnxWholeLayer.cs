using MoeBench.Core.Layers;
using static MoeBench.Devices.KernelArguments;

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
            [OnnxTensor.Of(Host(x), tokens, h), OnnxTensor.Of(Host(logitBias), tokens, e)],
            [OnnxTensor.Of(Host(y), tokens, h), OnnxTensor.Of(Host(ids), tokens, k)]);
    }

    public void Dispose() => _session.Dispose();
}

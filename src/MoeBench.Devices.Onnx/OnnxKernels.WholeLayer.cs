using MoeBench.Core.Layers;

namespace MoeBench.Devices.Onnx;

/// <summary>The whole MoE block as one graph (<see cref="OnnxWholeLayer"/>), where the layer has no copy or constant experts.</summary>
internal sealed partial class OnnxKernels : IWholeLayerKernels
{
    public string? Unsupported(MoeLayerSpec spec) => OnnxWholeLayer.Unsupported(spec);

    public IWholeLayer Load(MoeLayerSpec spec, MoeLayerWeights weights)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        if (Unsupported(spec) is { } why)
        {
            throw new NotSupportedException($"onnx: this layer does not run whole: {why}");
        }

        return new OnnxWholeLayer(spec, weights, context);
    }
}

using MoeBench.Core.Layers;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// The whole MoE block as one graph: the com.microsoft::MoE contrib op (<see cref="ContribMoeLayerGraph"/>) where the
/// provider and the layer allow it, else the explicit graph (<see cref="ExplicitLayerGraph"/>); <c>layer=explicit</c>
/// and <c>layer=ops</c> in the device's settings choose otherwise.
/// </summary>
internal sealed partial class OnnxKernels : IWholeLayerKernels
{
    public string? Unsupported(MoeLayerSpec spec) => context.Settings.Layer == OnnxLayerForm.Ops
        ? "the device runs layers op by op (layer=ops)"
        : ExplicitLayerGraph.Unsupported(spec);

    public IWholeLayer Load(MoeLayerSpec spec, MoeLayerWeights weights)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        if (Unsupported(spec) is { } why)
        {
            throw new NotSupportedException($"onnx: this layer does not run whole: {why}");
        }

        long bytes;
        if (context.Settings.Layer == OnnxLayerForm.Auto && ContribMoeLayerGraph.Unsupported(spec, context.Provider) is null)
        {
            var contrib = ContribMoeLayerGraph.Build(spec, weights, out bytes);
            return new OnnxWholeLayer(ContribMoeLayerGraph.Form, contrib, bytes, spec, context);
        }

        var model = ExplicitLayerGraph.Build(spec, weights, out bytes);
        return new OnnxWholeLayer(ExplicitLayerGraph.Form, model, bytes, spec, context);
    }
}

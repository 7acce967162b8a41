using MoeBench.Core.Layers;

namespace MoeBench.Devices;

/// <summary>
/// Kernels of a device that runs graphs (ONNX Runtime, say) and can run a whole MoE block as one call instead of the
/// eight ops of <see cref="Layers.MoeLayerExecutor"/>. The executor uses it when the layer is one the device takes
/// whole, and names the form that ran in the layer's profile (<see cref="IWholeLayer.Form"/>); the output is validated
/// against the same float64 reference either way.
/// </summary>
public interface IWholeLayerKernels
{
    /// <summary>Why <paramref name="spec"/>'s layer cannot run whole here (the op-by-op form runs instead); null where it can.</summary>
    string? Unsupported(MoeLayerSpec spec);

    /// <summary>Builds the layer over <paramref name="weights"/> once (in the formats of the spec's precision, if any).</summary>
    IWholeLayer Load(MoeLayerSpec spec, MoeLayerWeights weights);
}

/// <summary>A whole MoE block loaded on a device, run as one call.</summary>
public interface IWholeLayer : IDisposable
{
    /// <summary>What runs, e.g. <c>whole graph (MatMul/Softmax/TopK/Gather/ScatterND)</c>: recorded as the layer's one profiled phase.</summary>
    string Form { get; }

    /// <summary>Bytes of weights the layer holds on the device.</summary>
    long Bytes { get; }

    /// <summary>
    /// y = the block's output for the first <paramref name="tokens"/> rows of <paramref name="x"/> (RMSNorm, gate with
    /// <paramref name="logitBias"/>, experts, shared experts, combine), and <paramref name="ids"/> = the experts the gate chose.
    /// </summary>
    void Forward(DeviceBuffer<float> x, DeviceBuffer<float> logitBias, int tokens, DeviceBuffer<float> y, DeviceBuffer<int> ids);
}

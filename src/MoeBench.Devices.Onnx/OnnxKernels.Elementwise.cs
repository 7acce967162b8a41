using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Onnx;

/// <summary>SwiGLU and RMSNorm as small graphs of standard ops, one session per width.</summary>
internal sealed unsafe partial class OnnxKernels
{
    public void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ffn);
        // The kept row count is read where the offsets live: host memory, for the CPU provider's buffers.
        var rows = groupOffsets is null ? maxRows : Math.Min(maxRows, Host(groupOffsets)[groupOffsets.Length - 1]);
        RequireLength(gateUp, (long)rows * 2 * ffn, nameof(gateUp));
        RequireLength(output, (long)rows * ffn, nameof(output));
        if (rows == 0)
        {
            return;
        }

        var session = Cached(("swiglu", ffn), () =>
        {
            var model = new OnnxModel();
            var x = model.Input("gate_up", OnnxType.Float, OnnxModel.Rows, 2 * ffn);
            model.Output(LayerNodes.Swiglu(model, x, ffn), OnnxType.Float, OnnxModel.Rows, ffn);
            return model;
        });
        session.Run([OnnxTensor.Of(Host(gateUp), rows, 2 * ffn)], [OnnxTensor.Of(Host(output), rows, ffn)]);
    }

    public void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        RequireLength(x, (long)rows * hidden, nameof(x));
        RequireLength(y, (long)rows * hidden, nameof(y));
        RequireLength(gamma, hidden, nameof(gamma));
        if (rows == 0)
        {
            return;
        }

        var session = Cached(("rmsnorm", hidden, epsilon), () =>
        {
            var model = new OnnxModel();
            var input = model.Input("x", OnnxType.Float, OnnxModel.Rows, hidden);
            var g = model.Input("gamma", OnnxType.Float, hidden);
            model.Output(LayerNodes.RmsNorm(model, input, g, epsilon), OnnxType.Float, OnnxModel.Rows, hidden);
            return model;
        });
        session.Run([OnnxTensor.Of(Host(x), rows, hidden), OnnxTensor.Of(Host(gamma), hidden)], [OnnxTensor.Of(Host(y), rows, hidden)]);
    }
}

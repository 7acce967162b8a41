using Microsoft.ML.OnnxRuntime;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// One built graph: an ONNX Runtime session created once per graph shape and reused for every call. A run binds
/// the caller's device memory as OrtValues (inputs and the outputs ONNX Runtime writes into), so what a timer sees
/// is the session's run, not marshalling.
/// </summary>
internal sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly string[] _inputs, _outputs;

    public OnnxSession(OnnxModel model, OnnxDeviceContext context)
    {
        using var options = context.Settings.Create(context.Provider);
        _session = new InferenceSession(model.ToBytes(), options);
        _inputs = [.. _session.InputNames];
        _outputs = [.. _session.OutputNames];
    }

    /// <summary>Runs with <paramref name="inputs"/> and <paramref name="outputs"/> in the graph's declared order.</summary>
    public void Run(ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<OnnxTensor> outputs)
    {
        if (inputs.Length != _inputs.Length || outputs.Length != _outputs.Length)
        {
            throw new ArgumentException($"the graph takes {_inputs.Length} inputs and {_outputs.Length} outputs, got {inputs.Length} and {outputs.Length}");
        }

        var bound = new List<OrtValue>(inputs.Length + outputs.Length);
        try
        {
            foreach (var i in inputs)
            {
                bound.Add(i.Bind());
            }

            foreach (var o in outputs)
            {
                bound.Add(o.Bind());
            }

            _session.Run(_run, _inputs, bound.GetRange(0, inputs.Length), _outputs, bound.GetRange(inputs.Length, outputs.Length));
        }
        finally
        {
            foreach (var value in bound)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}

/// <summary>What every session of one device is created with: its provider and settings.</summary>
internal sealed record OnnxDeviceContext(OnnxProvider Provider, OnnxSettings Settings);

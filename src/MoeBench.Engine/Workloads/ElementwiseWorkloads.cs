using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Layers;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary><c>swiglu</c>: the expert activation over [rows × 2·ffn].</summary>
public sealed class SwigluFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "swiglu";

    public IWorkload Create(CaseSpec spec, WorkloadContext context)
    {
        var (rows, ffn) = (spec.Params.GetInt("rows"), spec.Params.GetInt("ffn"));
        return new ElementwiseWorkload(
            context, rows * 2 * ffn, rows * ffn, CostModel.Swiglu(rows, ffn), "swiglu",
            (k, input, output) => k.Swiglu(input, rows, null, ffn, output),
            input => ReferenceOps.Swiglu(input, rows, ffn));
    }
}

/// <summary><c>rmsnorm</c>: pre-MoE normalisation over [rows × hidden].</summary>
public sealed class RmsNormFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "rmsnorm";

    public IWorkload Create(CaseSpec spec, WorkloadContext context)
    {
        var (rows, hidden) = (spec.Params.GetInt("rows"), spec.Params.GetInt("hidden"));
        var gamma = SeededInputs.Uniform(SeededInputs.For(context.Seed, "rmsnorm.gamma"), hidden, 0.5f, 1.5f);
        var gammaBuffer = context.Device.Allocate<float>(hidden);
        context.Device.Upload<float>(gamma, gammaBuffer);
        return new ElementwiseWorkload(
            context, rows * hidden, rows * hidden, CostModel.RmsNorm(rows, hidden), "rmsnorm",
            (k, input, output) => k.RmsNorm(input, gammaBuffer, rows, hidden, MoeLayerSpec.RmsEpsilon, output),
            input => ReferenceOps.RmsNorm(input, Widen.ToDouble(gamma), rows, hidden, MoeLayerSpec.RmsEpsilon),
            gammaBuffer);
    }
}

/// <summary>One input tensor in, one out: the shape shared by the activation and normalisation ops.</summary>
internal sealed class ElementwiseWorkload : IWorkload
{
    private readonly int _outputLength;
    private readonly string _what;
    private readonly Action<IMoeKernels, DeviceBuffer<float>, DeviceBuffer<float>> _run;
    private readonly Func<double[], double[]> _reference;
    private readonly IDisposable? _shared;
    private readonly SetRotation<Set> _sets;
    private readonly IDevice _device;
    private float[]? _input0;

    public ElementwiseWorkload(
        WorkloadContext context, int inputLength, int outputLength, OpCost cost, string what,
        Action<IMoeKernels, DeviceBuffer<float>, DeviceBuffer<float>> run, Func<double[], double[]> reference, IDisposable? shared = null)
    {
        (_outputLength, _what, _run, _reference, _shared, _device, Cost) = (outputLength, what, run, reference, shared, context.Device, cost);
        _sets = new SetRotation<Set>(context, Cost.Bytes, i =>
        {
            var input = SeededInputs.Normal(SeededInputs.For(context.Seed, $"{what}.in.{i}"), inputLength);
            _input0 ??= input;
            var r = new DeviceResources(context.Device);
            return new Set(r, r.Upload(input), r.Allocate<float>(outputLength));
        }, s => s.Resources.Bytes);
    }

    public OpCost Cost { get; }

    public double Tokens => 0;

    public int Sets => _sets.Count;

    public LoadImbalance? Load => null;

    public void Invoke(int inputSet) => _run(_device.Kernels, _sets[inputSet].Input, _sets[inputSet].Output);

    public ValidationResult Validate()
    {
        Invoke(0);
        var expected = _reference(Widen.ToDouble(_input0));
        _input0 = null;
        return ValidationResult.Compare(_sets[0].Resources.Read(_sets[0].Output, _outputLength), expected, DType.F32.Tolerance(), _what);
    }

    public void Dispose()
    {
        _sets.Dispose();
        _shared?.Dispose();
    }

    private sealed record Set(DeviceResources Resources, DeviceBuffer<float> Input, DeviceBuffer<float> Output) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}

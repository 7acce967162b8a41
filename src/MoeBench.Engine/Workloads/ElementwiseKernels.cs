using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Layers;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Reference;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>One input tensor in, one out: the device part shared by the activation and normalisation ops.</summary>
internal sealed record ElementwiseSet(DeviceBuffer<float> Input, DeviceBuffer<float> Output);

/// <summary><c>swiglu</c>: the expert activation over [rows × 2·ffn].</summary>
internal sealed class SwigluKernel(SwigluParams p) : OpKernel<float[], ElementwiseSet>
{
    public override float[] Draw(int seed, int index) => SeededInputs.Normal(SeededInputs.For(seed, $"swiglu.in.{index}"), p.Rows * 2 * p.Ffn);

    public override ElementwiseSet Upload(DeviceResources resources, float[] host) => new(resources.Upload(host), resources.Allocate<float>(p.Rows * p.Ffn));

    public override void Invoke(IMoeKernels kernels, ElementwiseSet inputs) => kernels.Swiglu(inputs.Input, p.Rows, null, p.Ffn, inputs.Output);

    public override ValidationResult Check(DeviceResources resources, ElementwiseSet inputs, float[] host) => ValidationResult.Compare(
        resources.Read(inputs.Output, p.Rows * p.Ffn), SwigluDefinition.Reference(Widen.ToDouble(host), p), DType.F32.Tolerance(), "swiglu");
}

/// <summary><c>rmsnorm</c>: pre-MoE normalisation over [rows × hidden]; one γ for every set, as a layer holds one.</summary>
internal sealed class RmsNormKernel : OpKernel<float[], ElementwiseSet>
{
    private readonly RmsNormParams _p;
    private readonly float[] _gamma;
    private readonly DeviceBuffer<float> _gammaBuffer;

    public RmsNormKernel(RmsNormParams p, WorkloadContext context)
    {
        _p = p;
        _gamma = SeededInputs.Uniform(SeededInputs.For(context.Seed, "rmsnorm.gamma"), p.Hidden, 0.5f, 1.5f);
        _gammaBuffer = context.Device.Allocate<float>(p.Hidden);
        context.Device.Upload<float>(_gamma, _gammaBuffer);
    }

    public override float[] Draw(int seed, int index) => SeededInputs.Normal(SeededInputs.For(seed, $"rmsnorm.in.{index}"), _p.Rows * _p.Hidden);

    public override ElementwiseSet Upload(DeviceResources resources, float[] host) => new(resources.Upload(host), resources.Allocate<float>(_p.Rows * _p.Hidden));

    public override void Invoke(IMoeKernels kernels, ElementwiseSet inputs) =>
        kernels.RmsNorm(inputs.Input, _gammaBuffer, _p.Rows, _p.Hidden, MoeLayerSpec.RmsEpsilon, inputs.Output);

    public override ValidationResult Check(DeviceResources resources, ElementwiseSet inputs, float[] host) => ValidationResult.Compare(
        resources.Read(inputs.Output, _p.Rows * _p.Hidden), RmsNormDefinition.Reference(Widen.ToDouble(host), Widen.ToDouble(_gamma), _p),
        DType.F32.Tolerance(), "rmsnorm");

    protected override void Release() => _gammaBuffer.Dispose();
}

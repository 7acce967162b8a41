using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// The routed expert GEMMs: one GEMM per expert over the rows the seeded routing sends it (dropless, ragged,
/// empty experts allowed). Both variants draw the same fp32 matrices from the same seeds.
/// </summary>
internal abstract class ExpertGemmKernel<THost> : OpKernel<THost, ExpertGemmKernel<THost>.Set>
    where THost : class
{
    protected ExpertGemmKernel(GroupedGemmParams p, int seed)
    {
        Params = p;
        var assignment = p.Assignment(seed);
        (Offsets, _) = ReferenceOps.DispatchPlan(assignment, p.Shape.Experts, int.MaxValue);
        Load = LoadImbalance.From(assignment, p.Shape.Experts);
    }

    public override LoadImbalance? Load { get; }

    protected GroupedGemmParams Params { get; }

    protected int[] Offsets { get; }

    protected int Rows => Offsets[^1];

    /// <summary>Activations [rows × k] and every expert's fp32 weights [k × n].</summary>
    protected (float[] A, float[] B) DrawFp32(int seed, int index)
    {
        var (experts, k, n) = (Params.Shape.Experts, Params.Shape.K, Params.Shape.N);
        return (SeededInputs.Normal(SeededInputs.For(seed, $"grouped.a.{index}"), Rows * k),
            SeededInputs.Normal(SeededInputs.For(seed, $"grouped.b.{index}"), experts * k * n, 1f / MathF.Sqrt(k)));
    }

    protected Set Upload(DeviceResources resources, float[] a, IDeviceWeights b) =>
        new(resources.Upload(a), resources.Upload(Offsets), b, resources.Allocate<float>(Rows * Params.Shape.N));

    protected float[] ReadC(DeviceResources resources, Set inputs) => resources.Read(inputs.C, Rows * Params.Shape.N);

    internal sealed record Set(DeviceBuffer<float> A, DeviceBuffer<int> Offsets, IDeviceWeights B, DeviceBuffer<float> C);
}

/// <summary><c>grouped_gemm</c> over fp32 experts.</summary>
internal sealed class GroupedGemmKernel(GroupedGemmParams p, int seed) : ExpertGemmKernel<GroupedGemmKernel.Host>(p, seed)
{
    public override Host Draw(int seed, int index)
    {
        var (a, b) = DrawFp32(seed, index);
        return new(a, b);
    }

    public override Set Upload(DeviceResources resources, Host host) =>
        Upload(resources, host.A, resources.Weights(host.B, Params.Shape.Experts, Params.Shape.K, Params.Shape.N));

    public override void Invoke(IMoeKernels kernels, Set inputs) => kernels.GroupedGemm(inputs.A, inputs.Offsets, inputs.B, inputs.C);

    public override ValidationResult Check(DeviceResources resources, Set inputs, Host host) => ValidationResult.Compare(
        ReadC(resources, inputs), GroupedGemmDefinition.Reference(Widen.ToDouble(host.A), Offsets, Widen.ToDouble(host.B), Params),
        DType.F32.Tolerance(), "grouped_gemm C");

    internal sealed record Host(float[] A, float[] B);
}

/// <summary>
/// <c>quant_grouped_gemm</c>: the fp32 weights quantized once at load (not timed), validated against the float64
/// product with the dequantized weights at the fp32 tolerance: the kernel's arithmetic, not the format's
/// precision, is what is checked. A device that also rounds the activations (the CPU's integer dot products round
/// them to int16 per 32-k block) must stay inside that tolerance too — unless it states a coarser rounding
/// (<see cref="IActivationRounding"/>: llama.cpp rounds them to 8 bits), which sets the tolerance and is named in the
/// check. A device that re-encodes the weights in its own format (<see cref="IReencodedWeights"/>) is checked
/// against the weights as it stores them.
/// </summary>
internal sealed class QuantGroupedGemmKernel(QuantGroupedGemmParams p, int seed) : ExpertGemmKernel<QuantGroupedGemmKernel.Host>(p.Grouped, seed)
{
    private readonly WeightFormat[] _formats = [.. Enumerable.Repeat(p.Format, p.Grouped.Shape.Experts)];

    public override Host Draw(int seed, int index)
    {
        var (a, b) = DrawFp32(seed, index);
        return new(a, QuantizedMatrix.QuantizeGroups(b, Params.Shape.Experts, Params.Shape.K, Params.Shape.N, _formats));
    }

    public override Set Upload(DeviceResources resources, Host host) => Upload(resources, host.A, resources.QuantizedWeights(host.B));

    public override void Invoke(IMoeKernels kernels, Set inputs) => kernels.QuantGroupedGemm(inputs.A, inputs.Offsets, inputs.B, inputs.C);

    public override ValidationResult Check(DeviceResources resources, Set inputs, Host host)
    {
        var expected = inputs.B is IReencodedWeights stored
            ? GroupedGemmDefinition.Reference(Widen.ToDouble(host.A), Offsets, stored.Dequantized(), Params)
            : QuantGroupedGemmDefinition.Reference(Widen.ToDouble(host.A), Offsets, host.B);
        var rounding = (resources.Device as IActivationRounding)?.Rounding(OpKind.QuantGroupedGemm, p.Format.DType);
        var what = rounding is null ? $"quant_grouped_gemm ({p.Format}) C" : $"quant_grouped_gemm ({p.Format}) C, {rounding}";
        return ValidationResult.Compare(ReadC(resources, inputs), expected, rounding?.Tolerance ?? DType.F32.Tolerance(), what);
    }

    internal sealed record Host(float[] A, QuantizedMatrix[] B);
}

using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Reference;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary><c>gemm</c>: C[m,n] = A[m,k]·W[k,n], W loaded as weights (packed once, like a dense projection).</summary>
internal sealed class GemmKernel(GemmParams p) : OpKernel<GemmKernel.Host, GemmKernel.Set>
{
    public override Host Draw(int seed, int index) => new(
        SeededInputs.Normal(SeededInputs.For(seed, $"gemm.a.{index}"), p.M * p.K),
        SeededInputs.Normal(SeededInputs.For(seed, $"gemm.b.{index}"), p.K * p.N, 1f / MathF.Sqrt(p.K)));

    public override Set Upload(DeviceResources resources, Host host) =>
        new(resources.Upload(host.A), resources.Weights(host.B, 1, p.K, p.N), resources.Allocate<float>(p.M * p.N));

    public override void Invoke(IMoeKernels kernels, Set inputs) => kernels.Gemm(inputs.A, inputs.B, inputs.C, p.M, accumulate: false);

    public override ValidationResult Check(DeviceResources resources, Set inputs, Host host) => ValidationResult.Compare(
        resources.Read(inputs.C, p.M * p.N), GemmDefinition.Reference(Widen.ToDouble(host.A), Widen.ToDouble(host.B), p), DType.F32.Tolerance(), "gemm C");

    internal sealed record Host(float[] A, float[] B);

    internal sealed record Set(DeviceBuffer<float> A, IDeviceWeights B, DeviceBuffer<float> C);
}

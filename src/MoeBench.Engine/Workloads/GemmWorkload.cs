using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary><c>gemm</c>: C[m,n] = A[m,k]·W[k,n], W loaded as weights (packed once, like a dense projection).</summary>
public sealed class GemmFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "gemm";

    public IWorkload Create(CaseSpec spec, WorkloadContext context) =>
        new GemmWorkload(spec.Params.GetInt("m"), spec.Params.GetInt("n"), spec.Params.GetInt("k"), context);
}

internal sealed class GemmWorkload : IWorkload
{
    private readonly int _m, _n, _k;
    private readonly SetRotation<Set> _sets;
    private readonly IDevice _device;
    private float[]? _a0, _b0;

    public GemmWorkload(int m, int n, int k, WorkloadContext context)
    {
        (_m, _n, _k, _device) = (m, n, k, context.Device);
        _sets = new SetRotation<Set>(context, Cost.Bytes, i =>
        {
            var a = SeededInputs.Normal(SeededInputs.For(context.Seed, $"gemm.a.{i}"), m * k);
            var b = SeededInputs.Normal(SeededInputs.For(context.Seed, $"gemm.b.{i}"), k * n, 1f / MathF.Sqrt(k));
            if (i == 0)
            {
                (_a0, _b0) = (a, b);
            }

            var r = new DeviceResources(context.Device);
            return new Set(r, r.Upload(a), r.Weights(b, 1, k, n), r.Allocate<float>(m * n));
        }, s => s.Resources.Bytes);
    }

    public OpCost Cost => CostModel.Gemm(_m, _n, _k);

    public double Tokens => 0;

    public int Sets => _sets.Count;

    public LoadImbalance? Load => null;

    public void Invoke(int inputSet)
    {
        var s = _sets[inputSet];
        _device.Kernels.Gemm(s.A, s.B, s.C, _m, accumulate: false);
    }

    public ValidationResult Validate()
    {
        Invoke(0);
        var c = _sets[0].Resources.Read(_sets[0].C, _m * _n);
        var expected = ReferenceOps.Gemm(Widen.ToDouble(_a0), Widen.ToDouble(_b0), _m, _n, _k);
        (_a0, _b0) = (null, null);
        return ValidationResult.Compare(c, expected, DType.F32.Tolerance(), "gemm C");
    }

    public void Dispose() => _sets.Dispose();

    private sealed record Set(DeviceResources Resources, DeviceBuffer<float> A, IDeviceWeights B, DeviceBuffer<float> C) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}

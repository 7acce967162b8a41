using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// Every kind of case the engine can build, one factory per op definition, looked up by level and op. Adding an
/// op is its definition plus a kernel per backend: one <see cref="KernelFactory{TParams}"/> line here, or
/// <see cref="With"/> from outside (a test, a plug-in).
/// </summary>
public sealed class WorkloadCatalog(IReadOnlyList<IWorkloadFactory> factories)
{
    public static WorkloadCatalog Default { get; } = new(
    [
        new KernelFactory<GemmParams>(OpCatalog.Gemm, (p, _) => new GemmKernel(p)),
        new KernelFactory<GroupedGemmParams>(OpCatalog.GroupedGemm, (p, c) => new GroupedGemmKernel(p, c.Seed)),
        new KernelFactory<QuantGroupedGemmParams>(OpCatalog.QuantGroupedGemm, (p, c) => new QuantGroupedGemmKernel(p, c.Seed)),
        new KernelFactory<GateParams>(OpCatalog.Gate, (p, c) => new GateKernel(p, c.Seed)),
        new KernelFactory<DispatchParams>(OpCatalog.Permute, (p, c) => new PermuteKernel(p, c.Seed)),
        new KernelFactory<DispatchParams>(OpCatalog.Unpermute, (p, c) => new UnpermuteKernel(p, c.Seed)),
        new KernelFactory<SwigluParams>(OpCatalog.Swiglu, (p, _) => new SwigluKernel(p)),
        new KernelFactory<RmsNormParams>(OpCatalog.RmsNorm, (p, c) => new RmsNormKernel(p, c)),
        new KernelFactory<AttentionParams>(OpCatalog.AttentionDecode, (p, _) => new AttentionKernel(p)),
        new KernelFactory<AttentionParams>(OpCatalog.AttentionPrefill, (p, _) => new AttentionKernel(p)),
        new MoeLayerFactory(),
    ]);

    /// <summary>The definitions of the cases this catalog builds: what suites are validated against and costed with.</summary>
    public OpCatalog Ops => new(
        [.. factories.Select(f => f.Definition).Where(d => d.Level == CaseLevel.Kernel)],
        factories.Select(f => f.Definition).Single(d => d.Level == CaseLevel.Layer));

    public IWorkloadFactory For(CaseSpec spec) =>
        factories.FirstOrDefault(f => f.Definition.Level == spec.Level && (spec.Level == CaseLevel.Layer || f.Definition.Name == spec.Name))
        ?? throw new NotSupportedException($"no workload for {spec.Level.ToName()} case '{spec.Name}'");

    /// <summary>This catalog with <paramref name="factory"/>'s op added.</summary>
    public WorkloadCatalog With(IWorkloadFactory factory) => new([factory, .. factories]);
}

using MoeBench.Core.Cases;

namespace MoeBench.Engine.Workloads;

/// <summary>Every kind of case the engine can build, looked up by level and op.</summary>
public sealed class WorkloadCatalog(IReadOnlyList<IWorkloadFactory> factories)
{
    public static WorkloadCatalog Default { get; } = new(
    [
        new GemmFactory(),
        new GroupedGemmFactory(),
        new QuantGroupedGemmFactory(),
        new GateFactory(),
        new PermuteFactory(),
        new UnpermuteFactory(),
        new SwigluFactory(),
        new RmsNormFactory(),
        new MoeLayerFactory(),
    ]);

    public IWorkloadFactory For(CaseSpec spec) =>
        factories.FirstOrDefault(f => f.Level == spec.Level && (f.Op is null || f.Op == spec.Name))
        ?? throw new NotSupportedException($"no workload for {spec.Level.ToName()} case '{spec.Name}'");
}

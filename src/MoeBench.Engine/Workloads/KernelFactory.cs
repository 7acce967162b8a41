using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// The workload factory of a kernel op: typed parameters and cost from its definition, the device part from its
/// <see cref="OpKernel{THost, TSet}"/>; the shared skeleton (<see cref="OpWorkload{THost, TSet}"/>) does the rest.
/// </summary>
public sealed class KernelFactory<TParams>(OpDefinition<TParams> definition, Func<TParams, WorkloadContext, IOpKernel> kernel) : IWorkloadFactory
    where TParams : IOpParams
{
    public IOpDefinition Definition => definition;

    public IWorkload Create(CaseSpec spec, WorkloadContext context)
    {
        var p = definition.Read(spec);
        var cost = definition.Cost(p, context.Seed);
        return kernel(p, context).Workload(cost, definition.Tokens(p), context);
    }
}

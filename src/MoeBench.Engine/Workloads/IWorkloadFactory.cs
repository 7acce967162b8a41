using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Engine.Workloads;

/// <summary>Builds the workload of one kind of case: the cases its <see cref="Definition"/> defines.</summary>
public interface IWorkloadFactory
{
    IOpDefinition Definition { get; }

    IWorkload Create(CaseSpec spec, WorkloadContext context);
}

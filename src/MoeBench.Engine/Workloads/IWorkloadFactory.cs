using MoeBench.Core.Cases;

namespace MoeBench.Engine.Workloads;

/// <summary>Builds the workload of one kind of case (one op, or the MoE layer). One class per op.</summary>
public interface IWorkloadFactory
{
    CaseLevel Level { get; }

    /// <summary>Op name for kernels; null for layers (any model id).</summary>
    string? Op { get; }

    IWorkload Create(CaseSpec spec, WorkloadContext context);
}

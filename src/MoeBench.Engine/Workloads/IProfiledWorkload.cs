using MoeBench.Core.Results;

namespace MoeBench.Engine.Workloads;

/// <summary>A workload made of phases (a whole layer) that can say where its time goes.</summary>
public interface IProfiledWorkload : IWorkload
{
    /// <summary>
    /// Runs <paramref name="invocations"/> more invocations with the device synchronised at every phase boundary and
    /// splits <paramref name="layerMedianNs"/>, the samples' median, over the phases by their shares of those forwards.
    /// </summary>
    LayerProfile Profile(int invocations, double layerMedianNs, TimeProvider time, CancellationToken cancellation);
}

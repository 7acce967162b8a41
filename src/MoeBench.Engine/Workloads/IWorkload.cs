using MoeBench.Core.Ops;
using MoeBench.Core.Routing;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// A case prepared on a device: inputs drawn from the seed and uploaded, weights loaded. The engine validates it
/// once against the float64 reference, then times <see cref="Invoke"/>.
/// </summary>
public interface IWorkload : IDisposable
{
    /// <summary>Work of one invocation, from the cost model.</summary>
    OpCost Cost { get; }

    /// <summary>Tokens one invocation processes (0 where tokens/s means nothing, e.g. a bare GEMM).</summary>
    double Tokens { get; }

    /// <summary>Independent input sets rotated between invocations (1 unless the case is cold).</summary>
    int Sets { get; }

    /// <summary>Expert load of the routed tokens, for routed ops and layers.</summary>
    LoadImbalance? Load { get; }

    /// <summary>Runs set 0 once and compares with the float64 reference.</summary>
    ValidationResult Validate();

    /// <summary>Submits one invocation on input set <paramref name="inputSet"/>; the engine synchronises the device.</summary>
    void Invoke(int inputSet);
}

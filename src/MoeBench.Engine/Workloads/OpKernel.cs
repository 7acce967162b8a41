using MoeBench.Core.Ops;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>One op's device part for one case, ready to become a workload.</summary>
public interface IOpKernel : IDisposable
{
    IWorkload Workload(OpCost cost, double tokens, WorkloadContext context);
}

/// <summary>
/// What one op supplies to the shared workload skeleton: its seeded host inputs per set, their upload, one
/// invocation, and the check of set 0's output against its definition's float64 reference. Input-set rotation,
/// keeping set 0's inputs until validation, the invoke loop and disposal are the skeleton's
/// (<see cref="OpWorkload{THost, TSet}"/>).
/// </summary>
/// <typeparam name="THost">The host inputs of one set (kept for set 0 until validation).</typeparam>
/// <typeparam name="TSet">The device buffers and weights of one inputs.</typeparam>
public abstract class OpKernel<THost, TSet> : IOpKernel
    where THost : class
{
    /// <summary>Expert load of the routed tokens; null for unrouted ops.</summary>
    public virtual LoadImbalance? Load => null;

    /// <summary>Host inputs of set <paramref name="index"/>, drawn from <paramref name="seed"/>: never zeros or constants.</summary>
    public abstract THost Draw(int seed, int index);

    public abstract TSet Upload(DeviceResources resources, THost host);

    /// <summary>Submits one invocation; the engine synchronises the device.</summary>
    public abstract void Invoke(IMoeKernels kernels, TSet inputs);

    /// <summary>Reads the output of an invocation on <paramref name="index"/> and compares it with the float64 reference.</summary>
    public abstract ValidationResult Check(DeviceResources resources, TSet inputs, THost host);

    public IWorkload Workload(OpCost cost, double tokens, WorkloadContext context) => new OpWorkload<THost, TSet>(this, cost, tokens, context);

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees what the kernel holds beside its sets (a weight vector every set shares).</summary>
    protected virtual void Release()
    {
    }
}

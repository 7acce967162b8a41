using MoeBench.Core.Ops;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// The one workload skeleton every kernel op shares: builds the input sets (one, or as many as a cold case
/// needs), keeps set 0's host inputs until validation, validates set 0 once, invokes any set, disposes it all.
/// </summary>
internal sealed class OpWorkload<THost, TSet> : IWorkload
    where THost : class
{
    private readonly OpKernel<THost, TSet> _kernel;
    private readonly IDevice _device;
    private readonly SetRotation<Bound> _sets;
    private THost? _host0;

    public OpWorkload(OpKernel<THost, TSet> kernel, OpCost cost, double tokens, WorkloadContext context)
    {
        (_kernel, _device, Cost, Tokens) = (kernel, context.Device, cost, tokens);
        _sets = new SetRotation<Bound>(context, cost.Bytes, i =>
        {
            var host = kernel.Draw(context.Seed, i);
            _host0 ??= host;
            var resources = new DeviceResources(context.Device);
            return new Bound(resources, kernel.Upload(resources, host));
        }, b => b.Resources.Bytes);
    }

    public OpCost Cost { get; }

    public double Tokens { get; }

    public int Sets => _sets.Count;

    public LoadImbalance? Load => _kernel.Load;

    public void Invoke(int inputSet) => _kernel.Invoke(_device.Kernels, _sets[inputSet].Set);

    public ValidationResult Validate()
    {
        Invoke(0);
        var result = _kernel.Check(_sets[0].Resources, _sets[0].Set, _host0!);
        _host0 = null;
        return result;
    }

    public void Dispose()
    {
        _sets.Dispose();
        _kernel.Dispose();
    }

    private sealed record Bound(DeviceResources Resources, TSet Set) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}

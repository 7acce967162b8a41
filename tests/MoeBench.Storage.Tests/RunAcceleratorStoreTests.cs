using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

/// <summary>A run's context keeps its host and the accelerators beside it (migration 7).</summary>
public sealed class RunAcceleratorStoreTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_runs_accelerators_read_back_in_order_beside_its_host()
    {
        var context = SampleData.Context() with
        {
            Accelerators = [new AcceleratorInfo("NVIDIA H100 80GB HBM3", "NVIDIA", "CUDA 12.8, driver 570.86", 80L << 30), new AcceleratorInfo("Alveo U280", "AMD", "XRT 2.16", 0)],
        };
        using var store = _temp.Open();

        var read = store.GetRun(store.BeginRun(context))!.Context;

        ResultAssert.Same(context, read);
        Assert.Equal(new HostInfo(context.Host, context.Os, context.Runtime, context.CpuModel, context.CpuCores, context.CpuIsa), read.Machine);
    }
}

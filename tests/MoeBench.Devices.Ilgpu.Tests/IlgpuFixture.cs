namespace MoeBench.Devices.Ilgpu.Tests;

/// <summary>
/// One opened ILGPU device per test collection, found through the backend as a run finds it; null where the backend
/// lists it unavailable (no CUDA GPU here), with the reason kept for the skip message.
/// </summary>
public abstract class IlgpuFixture : IDisposable
{
    protected IlgpuFixture(string deviceId)
    {
        var entry = new IlgpuBackend().Discover().Single(e => e.Id == deviceId);
        if (entry.IsAvailable)
        {
            Device = entry.Open!();
        }
        else
        {
            Reason = entry.UnavailableReason;
        }
    }

    public IDevice? Device { get; }

    public string? Reason { get; }

    public void Dispose()
    {
        Device?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>ILGPU's CPU accelerator: always there, so its tests fail rather than skip when it does not open.</summary>
public sealed class IlgpuCpuFixture() : IlgpuFixture(IlgpuTarget.CpuId);

/// <summary>The first CUDA GPU, where there is one.</summary>
public sealed class IlgpuCudaFixture() : IlgpuFixture(IlgpuTarget.CudaId(0));

[CollectionDefinition(Name)]
public sealed class SharedIlgpuCpu : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ilgpu cpu accelerator";
}

[CollectionDefinition(Name)]
public sealed class SharedIlgpuCuda : ICollectionFixture<IlgpuCudaFixture>
{
    public const string Name = "ilgpu cuda:0";
}

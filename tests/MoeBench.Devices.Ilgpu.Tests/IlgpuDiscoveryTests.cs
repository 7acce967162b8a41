using MoeBench.Core;

namespace MoeBench.Devices.Ilgpu.Tests;

[Collection(SharedIlgpuCpu.Name)]
public sealed class IlgpuDiscoveryTests(IlgpuCpuFixture fixture)
{
    [Fact]
    public void Without_CUDA_the_first_GPU_is_listed_unavailable_with_the_reason_and_the_CPU_accelerator_is_still_listed()
    {
        var entries = new IlgpuBackend(cuda: false).Discover();

        var cuda = Assert.Single(entries, e => e.Id == IlgpuTarget.CudaId(0));
        Assert.False(cuda.IsAvailable);
        Assert.Null(cuda.Open);
        Assert.Contains("CUDA", cuda.UnavailableReason, StringComparison.Ordinal);
        Assert.Equal(DeviceClass.Gpu, cuda.Class);
        var cpu = Assert.Single(entries, e => e.Id == IlgpuTarget.CpuId);
        Assert.True(cpu.IsAvailable);
        Assert.Equal(DeviceClass.Cpu, cpu.Class);
    }

    /// <summary>Holds on any machine: with a GPU its entries open; without one (this CI) ilgpu:cuda:0 says why, and nothing throws.</summary>
    [Fact]
    public void Every_CUDA_entry_is_a_GPU_that_is_available_or_says_why_not()
    {
        var entries = new IlgpuBackend().Discover();

        var cuda = entries.Where(e => e.Id.StartsWith("ilgpu:cuda:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cuda);
        Assert.All(cuda, e =>
        {
            Assert.Equal(DeviceClass.Gpu, e.Class);
            Assert.Equal(Provenance.Measured, e.Provenance);
            Assert.True(e.IsAvailable ? e.Accelerator is not null : !string.IsNullOrWhiteSpace(e.UnavailableReason), $"{e.Id}: {e.UnavailableReason}");
        });
        Assert.Contains(entries, e => e.Id == IlgpuTarget.CpuId && e.IsAvailable);
    }

    [Fact]
    public void The_CPU_accelerator_names_ILGPU_its_version_and_that_it_is_for_correctness_and_is_timed_by_the_host_clock()
    {
        var info = fixture.Device!.Info;

        Assert.Equal(IlgpuBackend.BackendName, info.Backend);
        Assert.Contains($"ILGPU {typeof(ILGPU.Context).Assembly.GetName().Version!.ToString(3)}", info.Details, StringComparison.Ordinal);
        Assert.Contains("for correctness on tiny shapes only", info.Details, StringComparison.Ordinal);
        Assert.Equal(DeviceInfo.HostClockTimer, info.Timer);
    }
}

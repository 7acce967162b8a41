using MoeBench.Devices.Conformance;

namespace MoeBench.Devices.Ilgpu.Tests;

/// <summary>
/// The device conformance suite on <c>ilgpu:cuda:0</c>, with the tiled shared-memory products. Where there is no CUDA
/// GPU every test prints <c>SKIPPED:</c> with the backend's reason (scripts/gpu-check.sh refuses to start there, so a
/// GPU check never passes by skipping).
/// </summary>
[Collection(SharedIlgpuCuda.Name)]
public sealed class IlgpuCudaConformanceTests : DeviceConformanceTests
{
    private readonly IlgpuCudaFixture _fixture;

    public IlgpuCudaConformanceTests(IlgpuCudaFixture fixture, ITestOutputHelper output)
        : base(output)
    {
        _fixture = fixture;
        if (fixture.Device is null)
        {
            Skip($"no CUDA device: {fixture.Reason}");
        }
    }

    protected override IBackend Backend { get; } = new IlgpuBackend();

    protected override string DeviceId => IlgpuTarget.CudaId(0);

    protected override IDevice? Device => _fixture.Device;

    protected override IBackend? UnavailableBackend(out string reason)
    {
        reason = string.Empty;
        return new IlgpuBackend(cuda: false);
    }
}

using MoeBench.Devices.Conformance;

namespace MoeBench.Devices.Ilgpu.Tests;

/// <summary>
/// The device conformance suite on <c>ilgpu:cpu</c>, ILGPU's CPU accelerator: every MoE op, the quantized formats
/// included, against the float64 references — the same kernels a GPU runs, except the fp32 products' per-element
/// variant in place of the shared-memory tiles.
/// </summary>
[Collection(SharedIlgpuCpu.Name)]
public sealed class IlgpuCpuConformanceTests(IlgpuCpuFixture fixture, ITestOutputHelper output) : DeviceConformanceTests(output)
{
    protected override IBackend Backend { get; } = new IlgpuBackend();

    protected override string DeviceId => IlgpuTarget.CpuId;

    protected override IDevice? Device => fixture.Device ?? throw new InvalidOperationException($"{IlgpuTarget.CpuId} unavailable: {fixture.Reason}");

    protected override IBackend? UnavailableBackend(out string reason)
    {
        reason = "ILGPU's CPU accelerator needs nothing outside the process (no driver, no library), so nothing can make it unavailable";
        return null;
    }
}

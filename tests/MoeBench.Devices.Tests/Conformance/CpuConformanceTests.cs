using MoeBench.Devices.Conformance;
using MoeBench.Devices.Cpu;
using Xunit.Abstractions;

namespace MoeBench.Devices.Tests.Conformance;

/// <summary>The device conformance suite on <c>cpu</c>.</summary>
[Collection(SharedCpuDevice.Name)]
public sealed class CpuConformanceTests(CpuDeviceFixture fixture, ITestOutputHelper output) : DeviceConformanceTests(output)
{
    protected override IBackend Backend { get; } = new CpuBackend();

    protected override string DeviceId => CpuDevice.DeviceId;

    protected override IDevice? Device => fixture.Device;

    /// <summary>The CPU is always there; only a malformed slowdown-injection setting makes the backend refuse it.</summary>
    protected override IBackend? UnavailableBackend(out string reason)
    {
        reason = string.Empty;
        return new CpuBackend(() => "no_such_op:0.25");
    }
}

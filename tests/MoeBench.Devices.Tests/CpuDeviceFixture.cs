using MoeBench.Core.Calibration;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Tests;

/// <summary>
/// One <see cref="CpuDevice"/> for every test in <see cref="SharedCpuDevice"/>: its kernels keep scratch buffers, and
/// timing tests (calibration) must not share the cores with other kernels, so the tests that share it run one at a time.
/// </summary>
public sealed class CpuDeviceFixture : IDisposable
{
    private DeviceRoofs? _roofs;

    public CpuDevice Device { get; } = new();

    /// <summary>The device's roofs, calibrated once for the collection (a few seconds).</summary>
    public DeviceRoofs Roofs(CalibrationSettings settings) => _roofs ??= Device.Calibrate(settings, CancellationToken.None);

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedCpuDevice : ICollectionFixture<CpuDeviceFixture>
{
    public const string Name = "cpu device";
}

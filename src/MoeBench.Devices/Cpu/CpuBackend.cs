namespace MoeBench.Devices.Cpu;

/// <summary>The managed CPU: always available.</summary>
public sealed class CpuBackend : IBackend
{
    public string Name => "cpu";

    public IReadOnlyList<DeviceEntry> Discover() =>
    [
        new DeviceEntry(CpuDevice.DeviceId, Name, $"{CpuIdentity.ModelName}, {CpuIdentity.Cores} cores, managed SIMD", null, () => new CpuDevice()),
    ];
}

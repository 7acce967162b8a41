namespace MoeBench.Devices.Cpu;

/// <summary>The managed CPU: always available, unless its slowdown-injection test aid is misconfigured.</summary>
public sealed class CpuBackend : IBackend
{
    public string Name => "cpu";

    public IReadOnlyList<DeviceEntry> Discover()
    {
        var description = $"{CpuIdentity.ModelName}, {CpuIdentity.Cores} cores, managed SIMD";
        SlowdownInjection injection;
        try
        {
            injection = SlowdownInjection.FromEnvironment();
        }
        catch (FormatException e)
        {
            return [new DeviceEntry(CpuDevice.DeviceId, Name, description, e.Message, null)];
        }

        return [new DeviceEntry(CpuDevice.DeviceId, Name, description, null, () => new CpuDevice(injection))];
    }
}

namespace MoeBench.Devices.Cpu;

/// <summary>The managed CPU: always available, unless its slowdown-injection test aid is misconfigured.</summary>
public sealed class CpuBackend : IBackend
{
    private readonly Func<string?> _injectionSetting;

    public CpuBackend()
        : this(() => Environment.GetEnvironmentVariable(SlowdownInjection.Variable))
    {
    }

    /// <summary>Reads the slowdown setting from <paramref name="injectionSetting"/> instead of the environment.</summary>
    internal CpuBackend(Func<string?> injectionSetting) => _injectionSetting = injectionSetting;

    public string Name => "cpu";

    public IReadOnlyList<DeviceEntry> Discover()
    {
        var description = $"{CpuIdentity.ModelName}, {CpuIdentity.Cores} cores, managed SIMD";
        SlowdownInjection injection;
        try
        {
            injection = SlowdownInjection.Parse(_injectionSetting());
        }
        catch (FormatException e)
        {
            return [new DeviceEntry(CpuDevice.DeviceId, Name, description, e.Message, null)];
        }

        return [new DeviceEntry(CpuDevice.DeviceId, Name, description, null, () => new CpuDevice(injection))];
    }
}

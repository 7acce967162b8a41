namespace MoeBench.Devices;

/// <summary>What kind of hardware a device is, for listings and vendor reports (<c>devices --json</c>'s <c>kind</c>).</summary>
public enum DeviceClass
{
    Cpu,
    Gpu,
    Fpga,
    Npu,
}

public static class DeviceClassNames
{
    public static string ToName(this DeviceClass c) => c switch
    {
        DeviceClass.Cpu => "cpu",
        DeviceClass.Gpu => "gpu",
        DeviceClass.Fpga => "fpga",
        DeviceClass.Npu => "npu",
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };
}

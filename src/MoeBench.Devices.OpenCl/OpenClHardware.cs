using Silk.NET.OpenCL;
using ClDeviceInfo = Silk.NET.OpenCL.DeviceInfo;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// What an OpenCL device reports about itself, as plain data: the part of its identity that comes from the driver.
/// </summary>
/// <param name="Type">CL_DEVICE_TYPE's bits.</param>
/// <param name="OpenClC">CL_DEVICE_OPENCL_C_VERSION, e.g. <c>OpenCL C 1.2 PoCL</c>.</param>
/// <param name="MaxClockMhz">CL_DEVICE_MAX_CLOCK_FREQUENCY.</param>
/// <param name="CacheBytes">CL_DEVICE_GLOBAL_MEM_CACHE_SIZE: the calibration streams well past it.</param>
public sealed record OpenClHardware(
    string Platform, string PlatformVersion, string Name, string Vendor, string DriverVersion, string OpenClC, ulong Type,
    int ComputeUnits, long GlobalMemoryBytes, int MaxClockMhz, long CacheBytes, long MaxWorkGroupSize)
{
    /// <summary>
    /// The device class from CL_DEVICE_TYPE: GPU → gpu; ACCELERATOR → fpga, because the boards that report it are the
    /// FPGA cards this path exists for (Intel FPGA SDK for OpenCL, AMD/Xilinx XRT); CUSTOM (fixed-function devices
    /// that run built-in kernels only, the closest OpenCL comes to an NPU) → npu; CPU and anything else → cpu.
    /// </summary>
    public DeviceClass Class =>
        (Type & (ulong)DeviceType.Gpu) != 0 ? DeviceClass.Gpu
        : (Type & (ulong)DeviceType.Accelerator) != 0 ? DeviceClass.Fpga
        : (Type & (ulong)DeviceType.Custom) != 0 ? DeviceClass.Npu
        : DeviceClass.Cpu;

    /// <summary>The CL_DEVICE_TYPE name, for the identity.</summary>
    public string TypeName =>
        (Type & (ulong)DeviceType.Gpu) != 0 ? "GPU"
        : (Type & (ulong)DeviceType.Accelerator) != 0 ? "ACCELERATOR"
        : (Type & (ulong)DeviceType.Custom) != 0 ? "CUSTOM"
        : "CPU";

    public static OpenClHardware Query(CL cl, nint platform, nint device) => new(
        ClCall.PlatformString(cl, platform, PlatformInfo.Name),
        ClCall.PlatformString(cl, platform, PlatformInfo.Version),
        ClCall.DeviceString(cl, device, ClDeviceInfo.Name),
        ClCall.DeviceString(cl, device, ClDeviceInfo.Vendor),
        ClCall.DeviceString(cl, device, ClDeviceInfo.DriverVersion),
#pragma warning disable CS0618 // deprecated by OpenCL 3.0 in favour of a list, but the one query a 1.2 driver answers
        ClCall.DeviceString(cl, device, ClDeviceInfo.OpenclCVersion),
#pragma warning restore CS0618
        ClCall.DeviceValue<ulong>(cl, device, ClDeviceInfo.Type),
        (int)ClCall.DeviceValue<uint>(cl, device, ClDeviceInfo.MaxComputeUnits),
        (long)ClCall.DeviceValue<ulong>(cl, device, ClDeviceInfo.GlobalMemSize),
        (int)ClCall.DeviceValue<uint>(cl, device, ClDeviceInfo.MaxClockFrequency),
        (long)ClCall.DeviceValue<ulong>(cl, device, ClDeviceInfo.GlobalMemCacheSize),
        (long)ClCall.DeviceValue<nuint>(cl, device, ClDeviceInfo.MaxWorkGroupSize));

    /// <summary>One line for listings and the identity's details.</summary>
    public string Describe() =>
        $"{Platform} ({PlatformVersion}), {TypeName} device \"{Name}\" by {Vendor}, driver {DriverVersion}, {OpenClC}, "
        + $"{ComputeUnits} compute units at {MaxClockMhz} MHz, {GlobalMemoryBytes / (1024 * 1024)} MiB global memory";
}

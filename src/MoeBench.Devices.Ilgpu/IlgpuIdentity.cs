using System.Globalization;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using MoeBench.Core;
using MoeBench.Core.Results;
using MoeBench.Devices.Cpu;
using static System.FormattableString;

namespace MoeBench.Devices.Ilgpu;

/// <summary>What an ILGPU device is, as results store it: the GPU's model, SMs, clock, memory and driver, and the ILGPU version.</summary>
internal static class IlgpuIdentity
{
    /// <summary>The ILGPU package version the kernels were compiled by, e.g. <c>1.5.3</c>.</summary>
    public static string Version { get; } =
        typeof(Context).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Context).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static string Driver(CudaDriverVersion driver) => string.Create(CultureInfo.InvariantCulture, $"CUDA driver API {driver.Major}.{driver.Minor}");

    public static string Describe(Device device) => device switch
    {
        CudaDevice cuda => string.Create(
            CultureInfo.InvariantCulture,
            $"{cuda.Name}, {cuda.NumMultiprocessors} SMs, {cuda.MemorySize / (1L << 30)} GiB, {Driver(cuda.DriverVersion)}, ILGPU {Version}"),
        _ => $"ILGPU {Version} CPU accelerator on {CpuIdentity.ModelName}: for correctness on tiny shapes only",
    };

    /// <summary>For the run context: the SM count and clock in the name, so a MIG slice or a clock-capped part reads as what it is.</summary>
    public static AcceleratorInfo Accelerator(CudaDevice cuda) =>
        new(Invariant($"{cuda.Name}, {cuda.NumMultiprocessors} SMs at {cuda.ClockRate / 1000} MHz"), "NVIDIA", Driver(cuda.DriverVersion), cuda.MemorySize);

    public static DeviceInfo Info(string id, Accelerator accelerator, string timer) => accelerator switch
    {
        CudaAccelerator cuda => new DeviceInfo(
            id,
            Backend: IlgpuBackend.BackendName,
            Vendor: "NVIDIA",
            Model: cuda.Name,
            Cores: cuda.NumMultiprocessors,
            Isa: [$"{cuda.Architecture}", $"{cuda.InstructionSet}"],
            MemoryBytes: cuda.MemorySize,
            PeakFlopsF32: double.NaN,
            BandwidthBytesPerSecond: double.NaN,
            RoofSource: DeviceInfo.NotCalibrated,
            Kind: Provenance.Measured,
            Details: CudaDetails(cuda))
        {
            Timer = timer,
        },
        _ => new DeviceInfo(
            id,
            Backend: IlgpuBackend.BackendName,
            Vendor: "ILGPU",
            Model: $"CPU accelerator on {CpuIdentity.ModelName}",
            Cores: accelerator.MaxNumThreadsPerGroup,
            Isa: ["ilgpu-cpu"],
            MemoryBytes: accelerator.MemorySize,
            PeakFlopsF32: double.NaN,
            BandwidthBytesPerSecond: double.NaN,
            RoofSource: DeviceInfo.NotCalibrated,
            Kind: Provenance.Measured,
            Details: CpuDetails(accelerator))
        {
            Timer = timer,
        },
    };

    private static string CudaDetails(CudaAccelerator cuda) =>
        Invariant($"ILGPU {Version}, {Driver(cuda.DriverVersion)}, {cuda.NumMultiprocessors} SMs at {cuda.ClockRate / 1000} MHz, ")
        + Invariant($"memory {cuda.MemoryClockRate / 1000} MHz × {cuda.MemoryBusWidth} bit, L2 {cuda.L2CacheSize / 1024} KiB, warp {cuda.WarpSize}, ")
        + Invariant($"{cuda.MaxNumThreadsPerGroup} threads and {cuda.MaxSharedMemoryPerGroup / 1024} KiB shared memory per group; ")
        + "fp32 products tiled 16×16 through shared memory, quantized weights dequantized per element";

    private static string CpuDetails(Accelerator accelerator) =>
        Invariant($"ILGPU {Version} CPU accelerator (a simulated GPU: {accelerator.NumMultiprocessors} multiprocessor(s), warp {accelerator.WarpSize}, ")
        + Invariant($"{accelerator.MaxNumThreadsPerGroup} threads per group, {(accelerator as CPUAccelerator)?.NumThreads} OS threads); ")
        + "one thread per output element, no group barriers; for correctness on tiny shapes only";
}

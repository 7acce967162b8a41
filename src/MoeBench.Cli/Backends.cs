using MoeBench.Devices;
using MoeBench.Devices.Blas;
using MoeBench.Devices.Cpu;
using MoeBench.Devices.Ggml;
using MoeBench.Devices.Onnx;

namespace MoeBench.Cli;

/// <summary>The one place that knows every backend; add a backend here.</summary>
public static class Backends
{
    public static DeviceRegistry Registry() => new([new CpuBackend(), new BlasBackend(), new GgmlBackend(), new OnnxBackend()]);
}

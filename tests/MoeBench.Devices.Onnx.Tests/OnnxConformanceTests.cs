using MoeBench.Devices.Conformance;

namespace MoeBench.Devices.Onnx.Tests;

/// <summary>
/// The device conformance suite on <c>onnx:cpu</c>: every op of the catalogue as ONNX graphs on the CPU provider,
/// the quantized formats through MatMulNBits (int4), DequantizeLinear (int8) and Cast (bf16), all at fp32's tolerance
/// (activations are never rounded). Unavailable: a runtime whose provider list lacks the CPU provider.
/// </summary>
[Collection(SharedOnnxDevice.Name)]
public sealed class OnnxConformanceTests(OnnxFixture fixture, ITestOutputHelper output) : DeviceConformanceTests(output)
{
    protected override IBackend Backend { get; } = new OnnxBackend();

    protected override string DeviceId => OnnxProvider.Cpu.DeviceId;

    protected override IDevice? Device => fixture.Device;

    protected override IBackend? UnavailableBackend(out string reason)
    {
        reason = string.Empty;
        return new OnnxBackend(() => ["SomeOtherExecutionProvider"], null);
    }
}

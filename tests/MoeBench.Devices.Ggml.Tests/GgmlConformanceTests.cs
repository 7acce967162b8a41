using MoeBench.Devices.Conformance;

namespace MoeBench.Devices.Ggml.Tests;

/// <summary>
/// The device conformance suite on <c>ggml</c>: gemm, grouped_gemm and quant_grouped_gemm (bf16, int8 as q8_0,
/// int4/g32 as q4_0) against the references at the tolerance its activation rounding states; int4/g128 refused at
/// load; every routing op refused as <see cref="GgmlDevice.Supports"/> says.
/// </summary>
[Collection(SharedGgmlDevice.Name)]
public sealed class GgmlConformanceTests(GgmlFixture fixture, ITestOutputHelper output) : DeviceConformanceTests(output)
{
    protected override IBackend Backend { get; } = new GgmlBackend();

    protected override string DeviceId => GgmlDevice.DeviceId;

    protected override IDevice? Device => fixture.Device;

    protected override IBackend? UnavailableBackend(out string reason)
    {
        reason = string.Empty;
        return new GgmlBackend(Path.Combine(Path.GetTempPath(), "moebench-ggml-missing"), CpuFeatures.Host);
    }
}

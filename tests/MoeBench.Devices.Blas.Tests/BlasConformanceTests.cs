using MoeBench.Devices.Conformance;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>
/// The device conformance suite on <c>cpu-blas</c>: gemm and grouped_gemm against the references, every other op
/// refused as <see cref="BlasDevice.Supports"/> says. Missing OpenBLAS fails or skips as <see cref="OpenBlasFixture"/> rules.
/// </summary>
[Collection(SharedBlasDevice.Name)]
public sealed class BlasConformanceTests(OpenBlasFixture fixture, ITestOutputHelper output) : DeviceConformanceTests(output)
{
    private static readonly string[] MissingLibrary = ["libopenblas-moebench-missing.so.0"];

    protected override IBackend Backend { get; } = new BlasBackend();

    protected override string DeviceId => fixture.DeviceId;

    protected override IDevice? Device => fixture.Require(Output);

    protected override IBackend? UnavailableBackend(out string reason)
    {
        reason = string.Empty;
        return new BlasBackend(MissingLibrary);
    }
}

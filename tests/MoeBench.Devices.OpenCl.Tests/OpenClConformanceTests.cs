using MoeBench.Devices.Conformance;
using Silk.NET.Core.Contexts;
using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl.Tests;

/// <summary>
/// The device conformance suite on the first OpenCL device (PoCL's CPU device in CI): every op of the catalogue in
/// fp32 and the grouped product over bf16, int8, int4/g32 and int4/g128 weights, as OpenCL C 1.2 kernels (the products
/// in the form the device's class picks); the profiling-event timer; and the backend without an OpenCL library listing
/// the device unavailable with the reason.
/// </summary>
[Collection(SharedOpenClDevice.Name)]
public sealed class OpenClConformanceTests(OpenClFixture fixture, ITestOutputHelper output) : OpenClConformance(fixture, output);

/// <summary>The same suite with the products' local-memory tiled kernels, the form GPUs and FPGA boards run.</summary>
[Collection(SharedLocalTilesDevice.Name)]
public sealed class OpenClLocalTilesConformanceTests(LocalTilesFixture fixture, ITestOutputHelper output) : OpenClConformance(fixture, output);

/// <summary>The conformance suite on an <see cref="OpenClFixture"/>'s device, skipping with the reason where there is none.</summary>
public abstract class OpenClConformance : DeviceConformanceTests
{
    private readonly OpenClFixture _fixture;

    protected OpenClConformance(OpenClFixture fixture, ITestOutputHelper output)
        : base(output)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _fixture = fixture;
        if (fixture.Device is null)
        {
            Skip($"no OpenCL device here ({fixture.UnavailableReason})");
        }
    }

    protected override IBackend Backend => _fixture.Backend;

    protected override string DeviceId => _fixture.DeviceId;

    protected override IDevice? Device => _fixture.Device;

    protected override IBackend? UnavailableBackend(out string reason)
    {
        reason = string.Empty;
        return MissingLibrary.Backend(_fixture.CacheDirectory);
    }
}

/// <summary>An OpenCL backend whose library does not exist, as on a machine without an ICD loader.</summary>
internal static class MissingLibrary
{
    public const string Name = "libOpenCL-missing.so.1";

    public static OpenClBackend Backend(string cacheDirectory) =>
        new(() => new CL(new DefaultNativeContext(Name)), new ProgramCache(cacheDirectory));
}

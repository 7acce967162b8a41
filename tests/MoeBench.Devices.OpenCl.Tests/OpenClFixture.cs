using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl.Tests;

/// <summary>
/// One OpenCL device for the tests in <see cref="SharedOpenClDevice"/>: the first available <c>opencl:P:N</c> (PoCL's
/// CPU device in CI), with its program cache in a fresh temporary folder. Where no OpenCL is installed the device is
/// null and the tests print why they skip — unless <see cref="RequireVariable"/> is 1 (run-tests.sh sets it when it
/// finds or installs an OpenCL driver), where a missing device is a failure, so a CI lane cannot go silently empty.
/// </summary>
public class OpenClFixture : IDisposable
{
    public const string RequireVariable = "MOEBENCH_REQUIRE_OPENCL";

    private readonly OpenClDevice? _device;

    public OpenClFixture()
        : this(null)
    {
    }

    /// <param name="gemmForm">The products' kernels for the device; null picks them by device class, as the CLI does.</param>
    protected OpenClFixture(GemmForm? gemmForm)
    {
        CacheDirectory = Directory.CreateTempSubdirectory("moebench-opencl-cache-").FullName;
        Backend = new OpenClBackend(CL.GetApi, new ProgramCache(CacheDirectory), gemmForm);
        var entries = Backend.Discover();
        if (entries.FirstOrDefault(e => e.IsAvailable) is { } entry)
        {
            DeviceId = entry.Id;
            _device = (OpenClDevice)entry.Open!();
        }
        else
        {
            DeviceId = "opencl:0:0";
            UnavailableReason = string.Join("; ", entries.Select(e => $"{e.Id}: {e.UnavailableReason}"));
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                throw new InvalidOperationException($"{RequireVariable}=1 but no OpenCL device is available: {UnavailableReason}");
            }
        }
    }

    public OpenClBackend Backend { get; }

    public string CacheDirectory { get; }

    public string DeviceId { get; }

    /// <summary>The device, or null where there is none (then <see cref="UnavailableReason"/> says why).</summary>
    public OpenClDevice? Device => _device;

    public string? UnavailableReason { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        _device?.Dispose();
        Directory.Delete(CacheDirectory, recursive: true);
    }
}

/// <summary>
/// The device with the local-memory tiled products forced, so the GPU / FPGA form of the kernels runs the conformance
/// suite on PoCL too (a CPU device picks register blocks by itself).
/// </summary>
public sealed class LocalTilesFixture() : OpenClFixture(GemmForm.LocalTiles);

[CollectionDefinition(Name)]
public sealed class SharedOpenClDevice : ICollectionFixture<OpenClFixture>
{
    public const string Name = "opencl device";
}

[CollectionDefinition(Name)]
public sealed class SharedLocalTilesDevice : ICollectionFixture<LocalTilesFixture>
{
    public const string Name = "opencl device, local-memory tiles";
}

using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>Discovery without the library: the device is listed unavailable with the reason, never an exception.</summary>
public sealed class BlasDiscoveryTests
{
    private static readonly string[] MissingLibrary = ["libopenblas-moebench-missing.so.0"];

    [Fact]
    public void A_missing_library_lists_cpu_blas_unavailable_with_how_to_install_it()
    {
        var entry = Assert.Single(new BlasBackend(MissingLibrary).Discover());

        Assert.Equal("cpu-blas", entry.Id);
        Assert.Equal("cpu-blas", entry.Backend);
        Assert.False(entry.IsAvailable);
        Assert.Null(entry.Open);
        Assert.Equal("OpenBLAS not found (install Debian package libopenblas0 or libopenblas-dev)", entry.UnavailableReason);
    }

    [Fact]
    public void A_missing_library_does_not_hide_the_other_backends()
    {
        var entries = new DeviceRegistry([new BlasBackend(MissingLibrary), new CpuBackend()]).Discover();

        Assert.False(entries.Single(e => e.Id == "cpu-blas").IsAvailable);
        Assert.True(entries.Single(e => e.Id == "cpu").IsAvailable);
    }
}

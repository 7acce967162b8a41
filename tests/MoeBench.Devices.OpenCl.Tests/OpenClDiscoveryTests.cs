namespace MoeBench.Devices.OpenCl.Tests;

[Collection(SharedOpenClDevice.Name)]
public sealed class OpenClDiscoveryTests(OpenClFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Without_an_OpenCL_library_discovery_lists_one_unavailable_entry_that_says_what_to_install()
    {
        var entry = Assert.Single(MissingLibrary.Backend(fixture.CacheDirectory).Discover());

        Assert.False(entry.IsAvailable);
        Assert.Equal("opencl", entry.Id);
        Assert.Contains(MissingLibrary.Name, entry.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("pocl-opencl-icd", entry.UnavailableReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pocl", "is not opencl:PLATFORM:DEVICE")]
    [InlineData("0", "is not opencl:PLATFORM:DEVICE")]
    [InlineData("0:0:aocx=/x", "is not binary=PATH")]
    [InlineData("0:0:binary=", "is not binary=PATH")]
    public void A_malformed_pinned_id_is_unavailable_with_the_reason(string setting, string reason)
    {
        var entry = fixture.Backend.Pin(setting);

        Assert.False(entry.IsAvailable);
        Assert.Equal($"opencl:{setting}", entry.Id);
        Assert.Contains(reason, entry.UnavailableReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0:0:binary=/nonexistent/kernels.aocx", "does not exist")]
    [InlineData("99:0", "there is no OpenCL platform 99")]
    [InlineData("0:99", "has no device 99")]
    public void A_pinned_id_that_names_no_device_or_binary_here_is_unavailable_with_the_reason(string setting, string reason)
    {
        if (fixture.Device is null)
        {
            output.WriteLine($"SKIPPED: no OpenCL platform to index here ({fixture.UnavailableReason})");
            return;
        }

        var entry = fixture.Backend.Pin(setting);

        Assert.False(entry.IsAvailable);
        Assert.Contains(reason, entry.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_listing_and_the_identity_name_platform_device_driver_and_the_program_sources()
    {
        if (fixture.Device is not { } device)
        {
            output.WriteLine($"SKIPPED: no OpenCL device here ({fixture.UnavailableReason})");
            return;
        }

        var hardware = device.Hardware;
        var details = device.Info.Details;
        Assert.Contains(hardware.Platform, details, StringComparison.Ordinal);
        Assert.Contains(hardware.DriverVersion, details, StringComparison.Ordinal);
        Assert.Contains(hardware.OpenClC, details, StringComparison.Ordinal);
        Assert.Contains($"{hardware.ComputeUnits} compute units", details, StringComparison.Ordinal);
        Assert.Contains($"program: source-built, sources sha256 {KernelSources.Sha256}", details, StringComparison.Ordinal);
        Assert.Equal(ProfilingEventTimer.TimerName, device.Info.Timer);
        var entry = Assert.Single(fixture.Backend.Discover(), e => e.Id == fixture.DeviceId);
        Assert.Equal(hardware.Class, entry.Class);
        output.WriteLine($"{entry.Id} [{entry.Class.ToName()}]: {entry.Description}; {device.Program}");
    }

    [Theory]
    [InlineData(1UL << 1, DeviceClass.Cpu)]
    [InlineData(1UL << 2, DeviceClass.Gpu)]
    [InlineData(1UL << 3, DeviceClass.Fpga)]
    [InlineData(1UL << 4, DeviceClass.Npu)]
    [InlineData((1UL << 0) | (1UL << 2), DeviceClass.Gpu)]
    public void The_device_class_follows_CL_DEVICE_TYPE(ulong type, DeviceClass expected)
    {
        var hardware = new OpenClHardware("p", "OpenCL 1.2", "d", "v", "1", "OpenCL C 1.2", type, 1, 1, 1, 1, 256);

        Assert.Equal(expected, hardware.Class);
    }

    [Fact]
    public void Ids_read_back_as_they_are_written()
    {
        Assert.Equal(new OpenClDeviceId(1, 2), OpenClDeviceId.Parse("1:2", out _));
        Assert.Equal(new OpenClDeviceId(0, 0, "/b/k.aocx"), OpenClDeviceId.Parse("0:0:binary=/b/k.aocx", out _));
        Assert.Equal("opencl:0:0:binary=/b/k.aocx", new OpenClDeviceId(0, 0, "/b/k.aocx").ToString());
    }
}

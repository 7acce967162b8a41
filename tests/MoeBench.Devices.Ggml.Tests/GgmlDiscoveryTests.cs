namespace MoeBench.Devices.Ggml.Tests;

[Collection(SharedGgmlDevice.Name)]
public sealed class GgmlDiscoveryTests(GgmlFixture fixture)
{
    [Fact]
    public void A_missing_library_folder_lists_the_device_unavailable_with_the_folder_and_the_package()
    {
        var root = Path.Combine(Path.GetTempPath(), "moebench-ggml-missing");

        var entry = Assert.Single(new GgmlBackend(root, new CpuFeatures(true, true, true, false)).Discover());

        Assert.False(entry.IsAvailable);
        Assert.Equal(GgmlDevice.DeviceId, entry.Id);
        Assert.Contains(Path.Combine(root, System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native", "avx2"), entry.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains(GgmlLibrary.Package, entry.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_identity_names_the_build_the_threads_the_package_and_the_activation_rounding()
    {
        var details = fixture.Device.Info.Details;

        Assert.Contains($"{GgmlVariant.Choose(CpuFeatures.Host)} build", details, StringComparison.Ordinal);
        Assert.Contains($"{Environment.ProcessorCount} threads", details, StringComparison.Ordinal);
        Assert.Contains(GgmlLibrary.Package, details, StringComparison.Ordinal);
        Assert.Matches(@"ggml \d+\.\d+\.\d+ \(llama\.cpp [0-9a-f]+\)", details);
        Assert.Contains("q8_0", details, StringComparison.Ordinal);
    }
}

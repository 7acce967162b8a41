using MoeBench.Devices;
using MoeBench.Engine.Hardware;
using MoeBench.Engine.Suites;
using MoeBench.Engine.Tests.Suites;

namespace MoeBench.Engine.Tests.Hardware;

/// <summary>Profiles load into base units with every source kept; each kind of mistake names its file, line and field.</summary>
public sealed class HardwareProfileLoaderTests
{
    private static SuiteError SingleError(string yaml)
    {
        var result = HardwareProfileLoader.Parse(yaml, ProfileYaml.File);
        Assert.Empty(result.Profiles);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void A_valid_profile_reads_into_base_units_with_its_sources()
    {
        var result = HardwareProfileLoader.Parse(ProfileYaml.Text, ProfileYaml.File);

        Assert.Empty(result.Errors);
        var p = Assert.Single(result.Profiles);
        Assert.Equal(("test-gpu", "modeled:test-gpu", DeviceClass.Gpu), (p.Name, p.DeviceId, p.Class));
        Assert.Equal(100e12, p.Peaks[0].Dense.Value);
        Assert.Equal("datasheet A", p.Peaks[0].Dense.Source);
        var tier = Assert.Single(p.Memory);
        Assert.Equal(80L * 1024 * 1024 * 1024, tier.CapacityBytes.Value);
        Assert.Equal(2e12, tier.BandwidthBytesPerSecond.Value);
        Assert.Equal(500e-9, tier.LatencySeconds!.Value, 1e-18);
        Assert.Equal("datasheet B", tier.LatencySeconds.Source);
        Assert.Equal(64e9, p.Links[0].BandwidthBytesPerSecond.Value);
        Assert.Equal((4e-6, "paper D"), (p.LaunchOverheadSeconds.Value, p.LaunchOverheadSeconds.Source));
        Assert.Equal(500, p.TdpWatts!.Value);
        Assert.StartsWith("profile hardware/test-gpu.yaml sha256:", p.RoofSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Bits_per_second_are_eighths_of_bytes_and_a_figure_may_carry_its_own_source()
    {
        var yaml = ProfileYaml.With(12, "  - {name: roce, between: device-device, bandwidth: {value: 2.4 Tb/s, source: slides F}}");

        var link = Assert.Single(HardwareProfileLoader.Parse(yaml, ProfileYaml.File).Profiles).Links[0];

        Assert.Equal((300e9, "slides F"), (link.BandwidthBytesPerSecond.Value, link.BandwidthBytesPerSecond.Source));
    }

    [Fact]
    public void An_unknown_field_names_its_line_and_field()
    {
        var error = SingleError(ProfileYaml.With(9, "    latncy: 500 ns"));

        Assert.Equal((ProfileYaml.File, 10, "memory[0].latncy"), (error.File, error.Line, error.Field));
        Assert.Contains("unknown key 'latncy'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_without_its_unit_names_its_line_and_field()
    {
        var error = SingleError(ProfileYaml.With(8, "    bandwidth: 3.35"));

        Assert.Equal((9, "memory[0].bandwidth"), (error.Line, error.Field));
        Assert.Contains("missing unit", error.Message, StringComparison.Ordinal);
        Assert.Contains("TB/s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_of_the_wrong_quantity_is_rejected()
    {
        var error = SingleError(ProfileYaml.With(8, "    bandwidth: 3.35 TFLOP/s"));

        Assert.Equal((9, "memory[0].bandwidth"), (error.Line, error.Field));
        Assert.Contains("unknown unit 'TFLOP/s'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_bandwidth_names_its_line_and_field()
    {
        var error = SingleError(ProfileYaml.With(8, "    bandwidth: -2 TB/s"));

        Assert.Equal((9, "memory[0].bandwidth"), (error.Line, error.Field));
        Assert.Contains("must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_without_a_source_names_its_line_and_field()
    {
        var errors = HardwareProfileLoader.Parse(ProfileYaml.With(10, "    # no source"), ProfileYaml.File).Errors;

        Assert.Equal([(8, "memory[0].capacity"), (9, "memory[0].bandwidth"), (10, "memory[0].latency")], errors.Select(e => (e.Line, e.Field)));
        Assert.All(errors, e => Assert.Contains("without a source", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_top_level_figure_needs_its_own_source()
    {
        var error = SingleError(ProfileYaml.With(13, "launch_overhead: 4 us"));

        Assert.Equal((14, "launch_overhead"), (error.Line, error.Field));
        Assert.Contains("without a source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mistake_of_a_file_is_reported_in_one_pass()
    {
        var yaml = ProfileYaml.With(2, "class: tpu").Replace("bandwidth: 2 TB/s", "bandwidth: -2 TB/s", StringComparison.Ordinal);

        var errors = HardwareProfileLoader.Parse(yaml, ProfileYaml.File).Errors;

        Assert.Equal(["class", "memory[0].bandwidth"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_folder_loads_every_yaml_and_reports_each_bad_file_by_name()
    {
        var folder = Directory.CreateTempSubdirectory("moebench-hardware-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "good.yaml"), ProfileYaml.Text);
            File.WriteAllText(Path.Combine(folder.FullName, "bad.yaml"), ProfileYaml.With(8, "    bandwidth: 2"));
            File.WriteAllText(Path.Combine(folder.FullName, "README.md"), "not a profile");

            var result = HardwareProfileLoader.LoadFolder(folder.FullName);

            Assert.Equal("good", Assert.Single(result.Profiles).Name);
            var error = Assert.Single(result.Errors);
            Assert.Equal((Path.Combine(folder.FullName, "bad.yaml"), 9, "memory[0].bandwidth"), (error.File, error.Line, error.Field));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_shipped_profile_loads()
    {
        var result = HardwareProfileLoader.LoadFolder(Path.Combine(RepoSuitesTests.RepoRoot(), "hardware"));

        Assert.Empty(result.Errors);
        Assert.Subset(
            result.Profiles.Select(p => p.Name).ToHashSet(),
            new HashSet<string> { "h100-sxm", "h200-sxm", "a100-80gb", "mi300x", "gaudi2", "alveo-u280", "versal-vhk158", "sn40l", "ascend-910b", "this-cpu" });
        Assert.All(result.Profiles, p => Assert.All(p.Peaks, peak => Assert.False(string.IsNullOrWhiteSpace(peak.Dense.Source))));
    }
}

using System.Xml.Linq;

namespace MoeBench.Cli.Tests;

/// <summary>
/// Keeps the dependency direction of the design: Core depends on nothing of ours, backends on Devices + Core,
/// Storage never on backends, and each heavy package stays in the one project that needs it.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> AllowedProjectReferences = new()
    {
        ["MoeBench.Core"] = [],
        ["MoeBench.Devices"] = ["MoeBench.Core"],
        ["MoeBench.Devices.Blas"] = ["MoeBench.Core", "MoeBench.Devices"],
        ["MoeBench.Devices.Ggml"] = ["MoeBench.Core", "MoeBench.Devices"],
        ["MoeBench.Devices.Ilgpu"] = ["MoeBench.Core", "MoeBench.Devices"],
        ["MoeBench.Devices.OpenCl"] = ["MoeBench.Core", "MoeBench.Devices"],
        ["MoeBench.Devices.Onnx"] = ["MoeBench.Core", "MoeBench.Devices"],
        ["MoeBench.Engine"] = ["MoeBench.Core", "MoeBench.Devices"],
        ["MoeBench.Serving"] = ["MoeBench.Core", "MoeBench.Devices", "MoeBench.Engine"],
        ["MoeBench.Storage"] = ["MoeBench.Core"],
        ["MoeBench.Reporting"] = ["MoeBench.Core", "MoeBench.Storage"],
        ["MoeBench.Cli"] = ["MoeBench.Core", "MoeBench.Devices", "MoeBench.Devices.Blas", "MoeBench.Devices.Ggml", "MoeBench.Devices.Ilgpu", "MoeBench.Devices.OpenCl", "MoeBench.Devices.Onnx", "MoeBench.Engine", "MoeBench.Storage", "MoeBench.Reporting", "MoeBench.Serving"],
    };

    private static readonly Dictionary<string, string> PackageOwners = new()
    {
        ["Dapper"] = "MoeBench.Storage",
        ["Microsoft.Data.Sqlite"] = "MoeBench.Storage",
        ["System.CommandLine"] = "MoeBench.Cli",
        ["Spectre.Console"] = "MoeBench.Cli",
        ["YamlDotNet"] = "MoeBench.Engine",
        ["ScottPlot"] = "MoeBench.Reporting",
        ["LLamaSharp.Backend.Cpu"] = "MoeBench.Devices.Ggml",
        ["ILGPU"] = "MoeBench.Devices.Ilgpu",
        ["Silk.NET.OpenCL"] = "MoeBench.Devices.OpenCl",
        ["Microsoft.ML.OnnxRuntime"] = "MoeBench.Devices.Onnx",
    };

    public static TheoryData<string> SourceProjects => [.. AllowedProjectReferences.Keys];

    /// <summary>Projects that hold a backend: the managed CPU in MoeBench.Devices, each other in MoeBench.Devices.*.</summary>
    public static TheoryData<string> BackendProjects => [.. AllowedProjectReferences.Keys.Where(p => p.StartsWith("MoeBench.Devices", StringComparison.Ordinal))];

    private static XDocument Project(string name) => XDocument.Load(Path.Combine(CliProcess.RepoRoot, "src", name, $"{name}.csproj"));

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_references_point_only_down_the_layering(string project)
    {
        var references = Project(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.All(references, r => Assert.Contains(r, AllowedProjectReferences[project]));
    }

    [Fact]
    public void Every_source_project_is_covered_by_the_layering_rules()
    {
        var projects = Directory.GetDirectories(Path.Combine(CliProcess.RepoRoot, "src")).Select(Path.GetFileName).Order();

        Assert.Equal(AllowedProjectReferences.Keys.Order(), projects);
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Heavy_packages_live_only_in_their_owning_project(string project)
    {
        var packages = Project(project).Descendants("PackageReference").Select(p => p.Attribute("Include")!.Value);

        Assert.All(packages, p => Assert.True(
            !PackageOwners.TryGetValue(p, out var owner) || owner == project,
            $"{project} references {p}, which belongs to {(PackageOwners.TryGetValue(p, out var o) ? o : "?")}"));
    }

    [Theory]
    [MemberData(nameof(BackendProjects))]
    public void Every_backend_has_a_test_project_that_runs_the_device_conformance_suite(string project)
    {
        var tests = XDocument.Load(Path.Combine(CliProcess.RepoRoot, "tests", $"{project}.Tests", $"{project}.Tests.csproj"));
        var references = tests.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));

        Assert.Contains("MoeBench.Devices.Conformance", references);
    }

    [Fact]
    public void Package_versions_are_central_and_pinned()
    {
        var central = XDocument.Load(Path.Combine(CliProcess.RepoRoot, "Directory.Packages.props"));
        var versions = central.Descendants("PackageVersion").Select(p => p.Attribute("Version")!.Value).ToList();
        Assert.NotEmpty(versions);
        Assert.All(versions, v => Assert.DoesNotMatch(@"[*\[\(,]", v));

        var projects = Directory.GetFiles(CliProcess.RepoRoot, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.All(projects, p => Assert.All(
            XDocument.Load(p).Descendants("PackageReference"),
            r => Assert.Null(r.Attribute("Version"))));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MoeBench.Devices.Modeled;
using MoeBench.Engine.Suites;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Hardware;

/// <summary>The profiles of a file or folder, or every error found in them (file, line, column, field).</summary>
public sealed record HardwareLoadResult(IReadOnlyList<HardwareProfile> Profiles, IReadOnlyList<SuiteError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Loads <c>hardware/*.yaml</c> profiles: every figure with an explicit unit and a source, no unknown field, no
/// negative or zero bandwidth. Bad input never throws: errors are values (as a suite's), and the CLI maps them to exit
/// code 2 before any work. The file name (without <c>.yaml</c>) is the profile's name: device <c>modeled:NAME</c>.
/// </summary>
public static partial class HardwareProfileLoader
{
    /// <summary>Points the CLI at another folder of profiles (tests use temporary ones).</summary>
    public const string FolderVariable = "MOEBENCH_HARDWARE";

    /// <summary>Every <c>*.yaml</c> of <paramref name="folder"/>, in name order; other files (a README) are left alone.</summary>
    public static HardwareLoadResult LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return new([], [new SuiteError(folder, 0, 0, "", "hardware profile folder not found")]);
        }

        var profiles = new List<HardwareProfile>();
        var errors = new List<SuiteError>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var loaded = Load(file);
            profiles.AddRange(loaded.Profiles);
            errors.AddRange(loaded.Errors);
        }

        return new(profiles, errors);
    }

    public static HardwareLoadResult Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var message = e is FileNotFoundException or DirectoryNotFoundException ? "hardware profile not found" : $"cannot read profile: {e.Message}";
            return new([], [new SuiteError(path, 0, 0, "", message)]);
        }

        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return ParseCore(reader.ReadToEnd(), path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Parses profile text; <paramref name="path"/> names it (and the device), its UTF-8 bytes give the hash.</summary>
    public static HardwareLoadResult Parse(string yaml, string path) =>
        ParseCore(yaml, path, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))));

    private static HardwareLoadResult ParseCore(string yaml, string path, string hash)
    {
        var errors = new SuiteErrors(path);
        if (NameError(path) is { } nameError)
        {
            errors.Add(0, 0, "", nameError);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(new StringReader(yaml.TrimStart('\uFEFF'))));
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, "", $"invalid YAML: {e.Message}");
            return new([], errors.Sorted);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(1, 1, "", "a profile is one YAML mapping (vendor, model, class, peaks, memory, …)");
            return new([], errors.Sorted);
        }

        var profile = new ProfileReader(errors).Read(root, Path.GetFileNameWithoutExtension(path), path, hash);
        return errors.Count > 0 || profile is null ? new([], errors.Sorted) : new([profile], []);
    }

    /// <summary>Why <paramref name="path"/> cannot name a profile (its file name is the device name), or null.</summary>
    public static string? NameError(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(Path.GetExtension(path), ".yaml", StringComparison.Ordinal))
        {
            return $"a profile is a .yaml file (hardware/NAME.yaml); got '{Path.GetFileName(path)}'";
        }

        return NamePattern().IsMatch(name) ? null : $"profile name '{name}' (the file name) must be lower-case letters, digits, '.', '-' or '_'";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex NamePattern();
}

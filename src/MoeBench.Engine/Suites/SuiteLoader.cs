using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MoeBench.Core.Ops.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>
/// Loads a suite YAML file into a validated <see cref="Suite"/>, or into every error it contains — each with
/// file, line, column and field. Bad input never throws: errors are values, the CLI maps them to exit code 2.
/// </summary>
public static partial class SuiteLoader
{
    private static readonly string[] TopKeys = ["name", "description", "tags", "devices", "engine", "cases", "gate"];

    /// <param name="ops">The ops a case may name; <see cref="OpCatalog.Default"/> unless given.</param>
    /// <param name="scenarios">The scenarios <c>scenario:</c> entries may name; none by default.</param>
    public static SuiteLoadResult Load(string path, OpCatalog? ops = null, ScenarioCatalog? scenarios = null)
    {
        if (Directory.Exists(path))
        {
            return new SuiteLoadResult(null, [new SuiteError(path, 0, 0, "", "is a directory; give a suite file, e.g. suites/quick.yaml")]);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var message = e is FileNotFoundException or DirectoryNotFoundException ? "suite file not found" : $"cannot read suite: {e.Message}";
            return new SuiteLoadResult(null, [new SuiteError(path, 0, 0, "", message)]);
        }

        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return ParseCore(reader.ReadToEnd(), path, HashOf(bytes), ops ?? OpCatalog.Default, scenarios ?? ScenarioCatalog.None);
    }

    /// <summary>Parses suite text; <paramref name="path"/> names it in errors, its UTF-8 bytes give the hash.</summary>
    public static SuiteLoadResult Parse(string yaml, string path, OpCatalog? ops = null, ScenarioCatalog? scenarios = null) =>
        ParseCore(yaml, path, HashOf(Encoding.UTF8.GetBytes(yaml)), ops ?? OpCatalog.Default, scenarios ?? ScenarioCatalog.None);

    /// <summary>The first line whose indentation holds a tab, and the tab's 1-based column.</summary>
    private static (int Line, int Column)? FirstTabIndent(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static string HashOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static SuiteLoadResult ParseCore(string yaml, string path, string hash, OpCatalog ops, ScenarioCatalog scenarios)
    {
        var errors = new SuiteErrors(path);
        var stream = new YamlStream();

        // A byte-order mark read as text (File.ReadAllText keeps none, other readers may) is not a key.
        var parser = new Parser(new StringReader(yaml.TrimStart('\uFEFF')));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e) when (FirstTabIndent(yaml) is { } tab && e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            // YamlDotNet reports a tab in indentation at the start of the mapping that holds it (often 1:1); the
            // line with the tab is what the user has to fix.
            errors.Add(tab.Line, tab.Column, "", "a tab in the indentation: YAML indents with spaces only");
            return new SuiteLoadResult(null, errors.Sorted);
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, "", PositionPrefix().Replace(e.Message, ""));
            return new SuiteLoadResult(null, errors.Sorted);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet 18.1 throws these instead of a YamlException on some malformed input (an unterminated
            // flow collection across lines; a mapping key where a node belongs). The last event it read is the
            // best position there is.
            errors.Add(parser.Current?.Start ?? Mark.Empty, "", $"malformed YAML near here; the YAML parser gave up ({e.GetType().Name})");
            return new SuiteLoadResult(null, errors.Sorted);
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(1, 1, "", "empty suite: expected a mapping with at least name: and cases:");
            return new SuiteLoadResult(null, errors.Sorted);
        }

        foreach (var extra in stream.Documents.Skip(1))
        {
            errors.Add(extra.RootNode, "", "a suite file holds one YAML document; remove the extra '---' section");
        }

        Suite? suite = null;
        if (stream.Documents[0].RootNode is YamlMappingNode root)
        {
            suite = Read(root, path, hash, ops, scenarios, errors);
        }
        else
        {
            errors.Add(stream.Documents[0].RootNode, "", "expected a mapping with at least name: and cases:");
        }

        return errors.Count == 0 && suite is not null
            ? new SuiteLoadResult(suite, [])
            : new SuiteLoadResult(null, errors.Sorted);
    }

    private static Suite? Read(YamlMappingNode root, string path, string hash, OpCatalog ops, ScenarioCatalog scenarios, SuiteErrors errors)
    {
        var keys = NodeReader.Keys(root, "", TopKeys, errors);
        var name = Required(root, keys, "name", errors) is { } nameNode ? NodeReader.ReadString(nameNode, "name", errors) : null;
        if (name is not null && !NamePattern().IsMatch(name))
        {
            errors.Add(keys["name"], "name", $"'{name}' is not a valid suite name: use lowercase letters, digits, '_' and '-'");
        }

        var description = keys.TryGetValue("description", out var d) ? NodeReader.ReadString(d, "description", errors) : "";
        var tags = keys.TryGetValue("tags", out var t) ? NodeReader.ReadStringList(t, "tags", errors, nonEmpty: false) : [];
        var devices = keys.TryGetValue("devices", out var dv)
            ? NodeReader.ReadStringList(dv, "devices", errors, nonEmpty: true)
            : ["cpu"];
        var settings = EngineSection.Read(keys.GetValueOrDefault("engine"), errors);
        var before = errors.Count;
        var cases = Required(root, keys, "cases", errors) is { } casesNode
            ? Cases(casesNode, devices ?? ["cpu"], ops, scenarios, errors)
            : [];

        // Gate patterns are checked against the cases only when those loaded cleanly: a broken case entry
        // would otherwise make a correct pattern look like a typo.
        var gate = GateSection.Read(keys.GetValueOrDefault("gate"), errors.Count == before && cases.Count > 0 ? cases : null, errors);

        return errors.Count == 0
            ? new Suite(name!, path, hash, description!, tags!, settings, devices!, cases, gate)
            : null;
    }

    private static YamlNode? Required(YamlMappingNode root, Dictionary<string, YamlNode> keys, string key, SuiteErrors errors)
    {
        if (keys.TryGetValue(key, out var node))
        {
            return node;
        }

        errors.Add(root, key, $"missing required key '{key}'");
        return null;
    }

    /// <summary>Every entry's expansion, in file order; a repeated (case id, devices) pair is kept once.</summary>
    private static List<PlannedCase> Cases(YamlNode node, IReadOnlyList<string> devices, OpCatalog ops, ScenarioCatalog scenarios, SuiteErrors errors)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            errors.Add(node, "cases", "expected a non-empty list of case entries");
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cases = new List<PlannedCase>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            foreach (var planned in CaseEntryParser.Parse(sequence.Children[i], $"cases[{i}]", devices, ops, scenarios, errors))
            {
                if (seen.Add($"{planned.Spec.Id}|{string.Join('\n', planned.Devices)}"))
                {
                    cases.Add(planned);
                }
            }
        }

        return cases;
    }

    [GeneratedRegex(@"^[a-z0-9_-]+\z")]
    private static partial Regex NamePattern();

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the error carries the position already.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}

using MoeBench.Core;
using MoeBench.Devices;
using MoeBench.Devices.Modeled;
using MoeBench.Engine.Suites;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Hardware;

/// <summary>
/// Reads one profile's mapping field by field, reporting every problem at its node. A figure is <c>NUMBER UNIT</c>,
/// its source the enclosing entry's <c>source</c>, or <c>{value: NUMBER UNIT, source: …}</c> with its own; a figure
/// with neither is an error, as a figure without a unit is. <c>peaks</c> and <c>memory</c> are required but may be
/// empty (<c>[]</c>): a device whose figures are not published is listed, and its cases are skipped with that reason.
/// </summary>
internal sealed class ProfileReader(SuiteErrors errors)
{
    private static readonly string[] TopKeys = ["vendor", "model", "class", "twin_of", "peaks", "memory", "links", "launch_overhead", "tdp"];
    private static readonly string[] PeakKeys = ["dtype", "path", "dense", "sparse", "source"];
    private static readonly string[] TierKeys = ["name", "capacity", "bandwidth", "latency", "source"];
    private static readonly string[] LinkKeys = ["name", "between", "bandwidth", "latency", "source"];
    private static readonly string[] FigureKeys = ["value", "source"];
    private static readonly string[] TwinKeys = ["device", "identity"];
    private static readonly string[] PeakDTypes = ["f32", "tf32", "fp16", "bf16", "fp8", "int8", "int4"];
    private static readonly string[] LinkEnds = ["host-device", "device-device"];
    private static readonly Dictionary<string, DeviceClass> Classes = Enum.GetValues<DeviceClass>().ToDictionary(c => c.ToName());

    public HardwareProfile? Read(YamlMappingNode root, string name, string path, string hash)
    {
        var top = NodeReader.Keys(root, "", TopKeys, errors, "a hardware profile");
        var vendor = Required(root, top, "vendor") is { } v ? NodeReader.ReadString(v, "vendor", errors) : null;
        var model = Required(root, top, "model") is { } m ? NodeReader.ReadString(m, "model", errors) : null;
        DeviceClass? deviceClass = Required(root, top, "class") is { } c && TryChoice(c, "class", Classes, out var known) ? known : null;
        var peaks = Required(root, top, "peaks") is { } p ? Entries(p, "peaks", ReadPeak) : null;
        var memory = Required(root, top, "memory") is { } mem ? Entries(mem, "memory", ReadTier) : null;
        var links = top.TryGetValue("links", out var l) ? Entries(l, "links", ReadLink) : [];
        var launch = Required(root, top, "launch_overhead") is { } lo ? Figure(lo, "launch_overhead", null, FigureUnit.Seconds, Sign.NonNegative) : null;
        var tdp = top.TryGetValue("tdp", out var t) ? Figure(t, "tdp", null, FigureUnit.Watts, Sign.Positive) : null;
        var twin = top.TryGetValue("twin_of", out var tw) ? ReadTwin(tw) : null;
        if (vendor is null || model is null || deviceClass is null || peaks is null || memory is null || links is null || launch is null)
        {
            return null;
        }

        return new HardwareProfile(name, path, hash, vendor, model, deviceClass.Value, peaks, memory, links, launch, tdp, twin);
    }

    private YamlNode? Required(YamlMappingNode map, Dictionary<string, YamlNode> keys, string key, string prefix = "")
    {
        if (keys.TryGetValue(key, out var node))
        {
            return node;
        }

        errors.Add(map, NodeReader.Join(prefix, key), "missing required field");
        return null;
    }

    private List<T>? Entries<T>(YamlNode node, string field, Func<YamlMappingNode, string, T?> read)
        where T : class
    {
        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(node, field, "expected a list (empty: [])");
            return null;
        }

        var entries = new List<T>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (sequence.Children[i] is not YamlMappingNode map)
            {
                errors.Add(sequence.Children[i], at, "expected a mapping");
                continue;
            }

            if (read(map, at) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries.Count == sequence.Children.Count ? entries : null;
    }

    private ProfilePeak? ReadPeak(YamlMappingNode map, string at)
    {
        var keys = NodeReader.Keys(map, at, PeakKeys, errors, "a peak");
        var source = Source(keys, at);
        var dtype = Required(map, keys, "dtype", at) is { } d ? Text(d, $"{at}.dtype", PeakDTypes) : null;
        var path = Required(map, keys, "path", at) is { } p ? NodeReader.ReadString(p, $"{at}.path", errors) : null;
        var dense = Required(map, keys, "dense", at) is { } de ? Figure(de, $"{at}.dense", source, FigureUnit.Flops, Sign.Positive) : null;
        var sparse = keys.TryGetValue("sparse", out var sp) ? Figure(sp, $"{at}.sparse", source, FigureUnit.Flops, Sign.Positive) : null;
        return dtype is null || path is null || dense is null || (keys.ContainsKey("sparse") && sparse is null) ? null : new ProfilePeak(dtype, path, dense, sparse);
    }

    private ProfileTier? ReadTier(YamlMappingNode map, string at)
    {
        var keys = NodeReader.Keys(map, at, TierKeys, errors, "a memory tier");
        var source = Source(keys, at);
        var name = Required(map, keys, "name", at) is { } n ? NodeReader.ReadString(n, $"{at}.name", errors) : null;
        var capacity = Required(map, keys, "capacity", at) is { } c ? Figure(c, $"{at}.capacity", source, FigureUnit.Bytes, Sign.Positive) : null;
        var bandwidth = Required(map, keys, "bandwidth", at) is { } b ? Figure(b, $"{at}.bandwidth", source, FigureUnit.Bandwidth, Sign.Positive) : null;
        var latency = keys.TryGetValue("latency", out var l) ? Figure(l, $"{at}.latency", source, FigureUnit.Seconds, Sign.NonNegative) : null;
        return name is null || capacity is null || bandwidth is null || (keys.ContainsKey("latency") && latency is null)
            ? null
            : new ProfileTier(name, capacity, bandwidth, latency);
    }

    private ProfileLink? ReadLink(YamlMappingNode map, string at)
    {
        var keys = NodeReader.Keys(map, at, LinkKeys, errors, "a link");
        var source = Source(keys, at);
        var name = Required(map, keys, "name", at) is { } n ? NodeReader.ReadString(n, $"{at}.name", errors) : null;
        var between = Required(map, keys, "between", at) is { } e ? Text(e, $"{at}.between", LinkEnds) : null;
        var bandwidth = Required(map, keys, "bandwidth", at) is { } b ? Figure(b, $"{at}.bandwidth", source, FigureUnit.Bandwidth, Sign.Positive) : null;
        var latency = keys.TryGetValue("latency", out var l) ? Figure(l, $"{at}.latency", source, FigureUnit.Seconds, Sign.NonNegative) : null;
        return name is null || between is null || bandwidth is null || (keys.ContainsKey("latency") && latency is null)
            ? null
            : new ProfileLink(name, between, bandwidth, latency);
    }

    private TwinOf? ReadTwin(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add(node, "twin_of", "expected {device: ID, identity: KEY}");
            return null;
        }

        var keys = NodeReader.Keys(map, "twin_of", TwinKeys, errors, "twin_of");
        var device = Required(map, keys, "device", "twin_of") is { } d ? NodeReader.ReadString(d, "twin_of.device", errors) : null;
        var identity = Required(map, keys, "identity", "twin_of") is { } i ? NodeReader.ReadString(i, "twin_of.identity", errors) : null;
        if (identity is not null && (identity.Length != 16 || !identity.All(char.IsAsciiHexDigitLower)))
        {
            errors.Add(keys["identity"], "twin_of.identity", $"expected the measured device's identity key (16 lower-case hex digits); got '{identity}'");
            return null;
        }

        return device is null || identity is null ? null : new TwinOf(device, identity);
    }

    /// <summary>The entry's <c>source</c>, covering each of its figures that has none of its own.</summary>
    private string? Source(Dictionary<string, YamlNode> keys, string at) =>
        keys.TryGetValue("source", out var s) ? NonEmpty(s, $"{at}.source") : null;

    private string? NonEmpty(YamlNode node, string field)
    {
        var text = NodeReader.ReadString(node, field, errors);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(node, field, "must not be blank");
            return null;
        }

        return text;
    }

    private string? Text(YamlNode node, string field, string[] allowed) =>
        TryChoice(node, field, allowed.ToDictionary(x => x), out var text) ? text : null;

    private bool TryChoice<T>(YamlNode node, string field, IReadOnlyDictionary<string, T> allowed, out T value)
    {
        value = default!;
        var text = NodeReader.ReadString(node, field, errors);
        if (text is null)
        {
            return false;
        }

        if (allowed.TryGetValue(text, out value!))
        {
            return true;
        }

        errors.Add(node, field, $"must be one of {string.Join(", ", allowed.Keys)}; got '{text}'");
        return false;
    }

    private SourcedFigure? Figure(YamlNode node, string field, string? entrySource, FigureUnit unit, Sign sign)
    {
        YamlNode valueNode = node;
        var source = entrySource;
        if (node is YamlMappingNode map)
        {
            var keys = NodeReader.Keys(map, field, FigureKeys, errors, "a figure");
            if (Required(map, keys, "value", field) is not { } v)
            {
                return null;
            }

            valueNode = v;
            source = keys.TryGetValue("source", out var s) ? NonEmpty(s, $"{field}.source") : entrySource;
        }

        if (NodeReader.ReadString(valueNode, field, errors) is not { } text)
        {
            return null;
        }

        if (!unit.TryParse(text, out var value, out var error))
        {
            errors.Add(valueNode, field, error);
            return null;
        }

        if (value < 0 || (sign == Sign.Positive && value == 0))
        {
            errors.Add(valueNode, field, $"{unit.What} must be {(sign == Sign.Positive ? "positive" : "zero or more")}; got '{text}'");
            return null;
        }

        if (source is null)
        {
            errors.Add(node, field, "figure without a source: give its entry a 'source' (datasheet, paper, calibration) or write it {value: ..., source: ...}");
            return null;
        }

        return new SourcedFigure(value, source);
    }

    private enum Sign
    {
        Positive,
        NonNegative,
    }
}

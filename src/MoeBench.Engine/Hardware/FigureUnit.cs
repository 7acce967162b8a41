using System.Globalization;

namespace MoeBench.Engine.Hardware;

/// <summary>
/// What a profile figure measures and the units it may be written in, each a factor to the SI base unit the profile
/// is read into. Prefixes are decimal (<c>GB</c> = 10⁹ B, as datasheets print bandwidth) unless binary (<c>GiB</c>);
/// bits (<c>Gb/s</c>) are eighths of bytes, as NIC ports are quoted.
/// </summary>
internal sealed class FigureUnit
{
    private readonly IReadOnlyDictionary<string, double> _factors;

    private FigureUnit(string what, string example, IReadOnlyDictionary<string, double> factors) => (What, Example, _factors) = (what, example, factors);

    public static FigureUnit Flops { get; } = new("a throughput", "989.4 TFLOP/s", Prefixed(["FLOP/s", "OP/s"], decimalOnly: true));

    public static FigureUnit Bytes { get; } = new("a capacity", "80 GiB", Prefixed(["B"], decimalOnly: false));

    public static FigureUnit Bandwidth { get; } = new("a bandwidth", "3.35 TB/s", Bits(Prefixed(["B/s"], decimalOnly: false)));

    public static FigureUnit Seconds { get; } = new("a time", "2 us", new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["s"] = 1,
        ["ms"] = 1e-3,
        ["us"] = 1e-6,
        ["µs"] = 1e-6,
        ["ns"] = 1e-9,
    });

    public static FigureUnit Watts { get; } = new("a power", "700 W", new Dictionary<string, double>(StringComparer.Ordinal) { ["W"] = 1, ["kW"] = 1e3 });

    public string What { get; }

    /// <summary>How such a figure is written, for error messages.</summary>
    public string Example { get; }

    /// <summary>
    /// <c>NUMBER UNIT</c> in base units; false with the reason for a number without its unit, an unknown unit, or a
    /// number that is not one.
    /// </summary>
    public bool TryParse(string text, out double value, out string error)
    {
        value = double.NaN;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 1 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            error = $"missing unit: write {What} with its unit, e.g. '{Example}'";
            return false;
        }

        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            error = $"expected {What} as 'NUMBER UNIT', e.g. '{Example}'; got '{text}'";
            return false;
        }

        if (!_factors.TryGetValue(parts[1], out var factor))
        {
            error = $"unknown unit '{parts[1]}' for {What} (known: {string.Join(", ", _factors.Keys)})";
            return false;
        }

        // In decimal where it fits, so 2.039 TB/s reads as exactly 2039000000000 B/s, not 2039000000000.0002.
        value = Math.Abs(number * factor) < 1e27 && decimal.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? (double)(exact * (decimal)factor)
            : number * factor;
        error = "";
        return true;
    }

    private static Dictionary<string, double> Prefixed(string[] units, bool decimalOnly)
    {
        var factors = new Dictionary<string, double>(StringComparer.Ordinal);
        (string Prefix, double Factor)[] prefixes = [("", 1), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15)];
        (string Prefix, double Factor)[] binary = [("Ki", 1024.0), ("Mi", 1024.0 * 1024), ("Gi", 1024.0 * 1024 * 1024), ("Ti", 1024.0 * 1024 * 1024 * 1024)];
        foreach (var unit in units)
        {
            foreach (var (prefix, factor) in decimalOnly ? prefixes : [.. prefixes, .. binary])
            {
                factors[prefix + unit] = factor;
            }
        }

        return factors;
    }

    private static Dictionary<string, double> Bits(Dictionary<string, double> bytes)
    {
        foreach (var (prefix, factor) in new[] { ("", 1.0), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12) })
        {
            bytes[$"{prefix}b/s"] = factor / 8;
        }

        return bytes;
    }
}

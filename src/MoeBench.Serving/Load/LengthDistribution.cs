using System.Globalization;

namespace MoeBench.Serving.Load;

/// <summary>
/// A prompt or output length distribution as a suite writes it: <c>fixed:128</c>, <c>uniform:64:256</c> (both ends
/// included) or <c>lognormal:128:0.5</c> (median, sigma of the log; drawn lengths are rounded and at least 1).
/// </summary>
public abstract record LengthDistribution(string Text)
{
    public abstract int Sample(Random random);

    /// <summary>The longest length it can draw; null where unbounded (lognormal).</summary>
    public abstract int? Max { get; }

    public static bool TryParse(string text, out LengthDistribution distribution, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        distribution = null!;
        var parts = text.Split(':');
        var numbers = parts.Skip(1).Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN).ToArray();
        error = (parts[0], numbers.Length) switch
        {
            ("fixed", 1) when IsLength(numbers[0]) => Set(ref distribution, new Fixed(text, (int)numbers[0])),
            ("uniform", 2) when IsLength(numbers[0]) && IsLength(numbers[1]) && numbers[0] <= numbers[1] =>
                Set(ref distribution, new Uniform(text, (int)numbers[0], (int)numbers[1])),
            ("lognormal", 2) when numbers[0] >= 1 && numbers[1] is > 0 and < 10 => Set(ref distribution, new LogNormal(text, numbers[0], numbers[1])),
            _ => $"expected fixed:N, uniform:MIN:MAX (1 ≤ MIN ≤ MAX) or lognormal:MEDIAN:SIGMA (MEDIAN ≥ 1, 0 < SIGMA < 10) with whole token counts; got '{text}'",
        };
        return error.Length == 0;
    }

    public static LengthDistribution Parse(string text) =>
        TryParse(text, out var d, out var error) ? d : throw new ArgumentException(error, nameof(text));

    private static bool IsLength(double x) => x >= 1 && x <= int.MaxValue && Math.Floor(x) == x;

    private static string Set(ref LengthDistribution target, LengthDistribution value)
    {
        target = value;
        return "";
    }

    private sealed record Fixed(string Text, int Length) : LengthDistribution(Text)
    {
        public override int Sample(Random random) => Length;

        public override int? Max => Length;
    }

    private sealed record Uniform(string Text, int Low, int High) : LengthDistribution(Text)
    {
        public override int Sample(Random random) => random.Next(Low, High + 1);

        public override int? Max => High;
    }

    private sealed record LogNormal(string Text, double Median, double Sigma) : LengthDistribution(Text)
    {
        public override int Sample(Random random) =>
            (int)Math.Clamp(Math.Round(Median * Math.Exp(Sigma * GammaSampler.Normal(random))), 1, int.MaxValue);

        public override int? Max => null;
    }
}

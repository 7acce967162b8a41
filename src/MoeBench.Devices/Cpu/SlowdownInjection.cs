using System.Globalization;
using MoeBench.Core.Ops;

namespace MoeBench.Devices.Cpu;

/// <summary>
/// Test aid for the regression gate: <c>MOEBENCH_INJECT_SLOWDOWN=OP:FRACTION[,OP:FRACTION]</c> makes the named op's
/// CPU kernel do FRACTION more work on every call (e.g. <c>grouped_gemm:0.25</c>: a quarter more), written to a
/// scratch buffer so results stay correct. The extra work is proportional in every regime — a GEMM also streams
/// FRACTION more weight columns — so decode and prefill cases both slow down by about that fraction. The variable
/// is recorded in every run's environment.
/// </summary>
public sealed record SlowdownInjection(IReadOnlyDictionary<OpKind, double> Fractions)
{
    public const string Variable = "MOEBENCH_INJECT_SLOWDOWN";

    /// <summary>Ops the injection supports: those whose kernels can redo a proportional slice of their work.</summary>
    public static readonly IReadOnlySet<OpKind> Supported = new HashSet<OpKind> { OpKind.Gemm, OpKind.GroupedGemm, OpKind.Swiglu, OpKind.RmsNorm };

    public static SlowdownInjection None { get; } = new(new Dictionary<OpKind, double>());

    public double For(OpKind op) => Fractions.TryGetValue(op, out var f) ? f : 0;

    public static SlowdownInjection FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    public static SlowdownInjection Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return None;
        }

        var fractions = new Dictionary<OpKind, double>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !OpNames.TryParse(item[..colon], out var op) || !Supported.Contains(op)
                || !double.TryParse(item[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction)
                || fraction <= 0 || fraction > 10)
            {
                throw new FormatException(
                    $"{Variable}: bad entry '{item}': expected OP:FRACTION with OP one of {string.Join(", ", Supported.Select(o => o.ToName()))} and 0 < FRACTION ≤ 10");
            }

            fractions[op] = fraction;
        }

        return new SlowdownInjection(fractions);
    }

    /// <summary>Columns of the extra slice for an op with <paramref name="n"/> output columns.</summary>
    public int ExtraColumns(OpKind op, int n) => For(op) <= 0 ? 0 : Math.Max(1, (int)Math.Round(For(op) * n));
}

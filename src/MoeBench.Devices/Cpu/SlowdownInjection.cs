using System.Diagnostics;
using System.Globalization;
using MoeBench.Core.Ops;

namespace MoeBench.Devices.Cpu;

/// <summary>
/// Test aid for the regression gate: <c>MOEBENCH_INJECT_SLOWDOWN=OP:FRACTION[,OP:FRACTION]</c> makes every call of
/// the named op's CPU kernel take FRACTION longer than it took (e.g. <c>grouped_gemm:0.25</c>: a quarter longer): the
/// call waits, spinning, for that fraction of its own time after the kernel returns, so results stay correct and a
/// "+5%" injection is a 5% slowdown in every regime. Redoing a fraction of the work instead (a second, narrower GEMM
/// into scratch) cost its own parallel dispatch and panel padding: "+5%" slowed the grouped_gemm cases of
/// gate-check.yaml by 7–11% on the project's Zen 4 VM and "+10%" by 11–18%, so the gate's catch rates were measured
/// on larger slowdowns than they named. The variable is recorded in every run's environment.
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

    /// <summary>When a call of <paramref name="op"/> starts: the timestamp its delay is measured from, or 0 when the op is not slowed.</summary>
    public long Begin(OpKind op) => For(op) > 0 ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Spins until the call begun at <paramref name="begun"/> has taken <see cref="For"/> longer than it had on return.</summary>
    public void End(OpKind op, long begun)
    {
        if (begun == 0)
        {
            return;
        }

        var until = Until(begun, Stopwatch.GetTimestamp(), For(op));
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(16);
        }
    }

    /// <summary>The timestamp a call begun at <paramref name="begun"/> and returned at <paramref name="returned"/> waits until.</summary>
    public static long Until(long begun, long returned, double fraction) => returned + (long)Math.Round((returned - begun) * fraction);
}

using System.CommandLine;
using MoeBench.Core.Results;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>--metric</c>, <c>--min-effect</c> and <c>--min-effect-for</c>, declared once for every command that compares
/// (compare, gate, report) so each reads the same flags the same way.
/// </summary>
public sealed class ThresholdOptions
{
    public Option<string?> Metric { get; } = new("--metric")
    {
        Description = "Metric id to compare, in its own direction (e.g. gflops, goodput_req_s); default: time per invocation of kernels and layers, and TTFT and TPOT p50 of serving scenarios, each on the results that carry it",
    };

    public Option<string?> MinEffect { get; } = new("--min-effect") { Description = "Smallest change that may count, e.g. 3% (default 3%, or the suite's gate: min_effect)" };

    public Option<string[]> MinEffectFor { get; } = new("--min-effect-for") { Description = "Per-case override PATTERN=PERCENT (PATTERN as --filter takes it), repeatable", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Metric);
        command.Options.Add(MinEffect);
        command.Options.Add(MinEffectFor);
    }

    public ThresholdFlags Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new ThresholdFlags(parse.GetValue(Metric), parse.GetValue(MinEffect), parse.GetValue(MinEffectFor) ?? []);
    }
}

/// <summary>The flags as given; thresholds are parsed with the suite's gate section by <see cref="GateOptionsFactory"/>.</summary>
/// <param name="MetricId">The one metric to compare, or null for <see cref="WellKnownMetrics.Gated"/>.</param>
public sealed record ThresholdFlags(string? MetricId, string? MinEffect, IReadOnlyList<string> Overrides);

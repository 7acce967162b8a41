using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>
/// A baseline and a candidate compared under the candidate suite's <c>gate:</c> thresholds and the flags: the one
/// path behind <c>compare</c>, <c>gate</c> and <c>report --compare</c>, so all three give the same verdict for the
/// same pair.
/// </summary>
public sealed record PairComparison(RunSelection Baseline, RunSelection Candidate, ComparisonReport Report)
{
    /// <summary>
    /// Resolves the baseline against the resolved candidate (never one of its runs) and compares; on failure prints
    /// why and gives the exit code (2 bad input or a run compared with itself, 3 no baseline).
    /// </summary>
    public static PairComparison? Run(
        IResultStore store, RunSelection candidate, string baselineText, string baselineOption, ThresholdFlags flags, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(flags);
        var baseline = StoreAccess.ResolveBaseline(store, baselineText, baselineOption, candidate, out exitCode);
        if (baseline is null)
        {
            return null;
        }

        return Between(store, baseline, candidate, flags, new StoreHistoryProvider(store), out exitCode);
    }

    /// <summary>
    /// Compares two resolved selections with the noise history <paramref name="history"/> gives (the store's, for
    /// <c>gate</c>; the runs before the pair, for <c>gate-check</c>); on bad flags prints why and gives exit code 2.
    /// </summary>
    public static PairComparison? Between(
        IResultStore store, RunSelection baseline, RunSelection candidate, ThresholdFlags flags, IHistoryProvider history, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(flags);
        exitCode = ExitCodes.Ok;
        var candidateResults = SelectionResults.Load(store, candidate);
        var options = GateOptionsFactory.Create(
            flags.MinEffect, flags.Overrides, RunSettingsJson.Gate(StoreAccess.Newest(candidate)), candidateResults.Results.Select(r => r.Result.Case));
        if (options is null)
        {
            exitCode = ExitCodes.BadInput;
            return null;
        }

        var metric = ResultMetrics.DefinitionIn(candidateResults.Results.Select(r => r.Result), flags.MetricId);
        if (metric is null)
        {
            Console.Error.WriteLine($"error: --metric: no result of the candidate '{candidate.Text}' has the metric '{flags.MetricId}'");
            exitCode = ExitCodes.BadInput;
            return null;
        }

        options = options with { Metric = MetricDescriptor.For(metric) };
        var report = ComparisonEngine.Compare(SelectionResults.Load(store, baseline), candidateResults, history, options);
        return new PairComparison(baseline, candidate, report);
    }
}

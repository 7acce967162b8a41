using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>
/// A baseline and a candidate compared under the candidate suite's <c>gate:</c> thresholds and the flags: the one
/// path behind <c>compare</c>, <c>gate</c> and <c>report --compare</c>, so all three give the same verdict for the
/// same pair. One report per compared metric: the one <c>--metric</c> names, else each of
/// <see cref="WellKnownMetrics.Gated"/> that a candidate result carries, over the results that carry it.
/// </summary>
public sealed record PairComparison(RunSelection Baseline, RunSelection Candidate, IReadOnlyList<ComparisonReport> Reports)
{
    /// <summary>The first metric's report: time per invocation wherever kernels or layers were compared.</summary>
    public ComparisonReport Report => Reports[0];

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

        var candidateCases = candidateResults.Results.Select(r => r.Result).ToList();
        var baselineResults = SelectionResults.Load(store, baseline);
        if (flags.MetricId is { } id)
        {
            if (ResultMetrics.DefinitionIn(candidateCases, id) is not { } named)
            {
                Console.Error.WriteLine($"error: --metric: no result of the candidate '{candidate.Text}' has the metric '{id}'");
                exitCode = ExitCodes.BadInput;
                return null;
            }

            return new PairComparison(baseline, candidate, [Compare(baselineResults, candidateResults, named)]);
        }

        var gated = WellKnownMetrics.Gated.Where(m => candidateCases.Any(r => r.Metric(m.Id) is not null)).ToList();
        if (gated.Count == 0)
        {
            // Nothing measured at all (every case failed): the first gated metric still lists the failures.
            return new PairComparison(baseline, candidate, [Compare(baselineResults, candidateResults, WellKnownMetrics.Gated[0])]);
        }

        return new PairComparison(baseline, candidate, [.. gated.Select((m, i) =>
            Compare(Carrying(baselineResults, m, i == 0), Carrying(candidateResults, m, i == 0), m))]);

        ComparisonReport Compare(SelectionResults before, SelectionResults after, MetricDefinition metric) =>
            ComparisonEngine.Compare(before, after, history, options with { Metric = MetricDescriptor.For(metric) });
    }

    /// <summary>
    /// The results that carry <paramref name="metric"/>; the first metric's report also takes those that carry none (a
    /// case that failed validation), so each failure is listed once.
    /// </summary>
    private static SelectionResults Carrying(SelectionResults results, MetricDefinition metric, bool withFailures) =>
        results with
        {
            Results = [.. results.Results.Where(r => r.Result.Metric(metric.Id) is not null || (withFailures && !r.Result.AllMetrics.Any()))],
        };
}

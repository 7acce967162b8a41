using MoeBench.Reporting.History;
using Xunit.Abstractions;

namespace MoeBench.Reporting.Tests.History.Evaluation;

/// <summary>
/// The change-point benchmark: the history detector, exactly as <c>history</c> runs it, on the project's labelled
/// corpus. <c>dotnet test tests/MoeBench.Reporting.Tests --filter ChangePointBenchmarkTests --logger "console;verbosity=detailed"</c>
/// prints the per-family table.
/// </summary>
public sealed class ChangePointBenchmarkTests(ITestOutputHelper output)
{
    private static IReadOnlyList<int> Detect(double[] values) =>
        [.. HistoryAnalyzer.Analyze([.. values.Select((v, i) => new HistoryPoint(i, "", DateTimeOffset.UnixEpoch.AddDays(i), v))]).Select(c => c.Index)];

    [Fact]
    public void Full_corpus_scores()
    {
        output.WriteLine(ChangePointBenchmark.Table(ChangePointCorpus.Full, Detect));
    }
}

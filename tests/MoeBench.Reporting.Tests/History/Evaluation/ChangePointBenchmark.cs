using System.Globalization;
using System.Text;

namespace MoeBench.Reporting.Tests.History.Evaluation;

/// <summary>A detector's mean F1 and cover over labelled series (each series weighs the same, as in TCPDBench's tables).</summary>
public sealed record BenchmarkScore(double F1, double Cover, int Series);

/// <summary>Scores a change-point detector (values in, segment starts out) on labelled series, overall and per family.</summary>
public static class ChangePointBenchmark
{
    public static BenchmarkScore Score(IEnumerable<LabelledSeries> corpus, Func<double[], IReadOnlyList<int>> detector)
    {
        var scores = corpus.Select(s =>
        {
            var found = detector(s.Values);
            return (F1: ChangePointMetrics.F1(s.Annotations, found), Cover: ChangePointMetrics.Cover(s.Annotations, found, s.Values.Length));
        }).ToList();
        return new BenchmarkScore(scores.Average(s => s.F1), scores.Average(s => s.Cover), scores.Count);
    }

    /// <summary>A table of F1 and cover per family (the name before the seed) and overall, for the benchmark's output.</summary>
    public static string Table(IReadOnlyList<LabelledSeries> corpus, Func<double[], IReadOnlyList<int>> detector)
    {
        var text = new StringBuilder();
        foreach (var family in corpus.GroupBy(s => s.Name[..s.Name.LastIndexOf('-')]))
        {
            var score = Score(family, detector);
            text.AppendLine(CultureInfo.InvariantCulture, $"{family.Key,-16} F1 {score.F1:0.000}  cover {score.Cover:0.000}  ({score.Series} series)");
        }

        var all = Score(corpus, detector);
        text.AppendLine(CultureInfo.InvariantCulture, $"{"all",-16} F1 {all.F1:0.000}  cover {all.Cover:0.000}  ({all.Series} series)");
        return text.ToString();
    }
}

namespace MoeBench.Reporting.Tests.History.Evaluation;

/// <summary>
/// The change-point metrics of TCPDBench (van den Burg &amp; Williams 2020, "An Evaluation of Change Point Detection
/// Algorithms", arXiv 2003.06222; <c>analysis/scripts/metrics.py</c> of alan-turing-institute/TCPDBench), ported as
/// written there: locations are 0-based first indices of a new segment, and the start (0) counts as a change point
/// for every annotator and for the prediction.
/// </summary>
public static class ChangePointMetrics
{
    /// <summary>The benchmark's margin: a detection within 5 points of an annotation matches it.</summary>
    public const int Margin = 5;

    /// <summary>
    /// F1: precision against the union of all annotators' change points, recall averaged over annotators; each
    /// annotation is matched by at most one detection (the nearest within the margin).
    /// </summary>
    public static double F1(IReadOnlyList<IReadOnlyList<int>> annotations, IEnumerable<int> predictions, int margin = Margin)
    {
        var perAnnotator = annotations.Select(a => a.Append(0).ToHashSet()).ToList();
        var predicted = predictions.Append(0).ToHashSet();
        var union = perAnnotator.SelectMany(a => a).ToHashSet();
        var precision = TruePositives(union, predicted, margin) / (double)predicted.Count;
        var recall = perAnnotator.Average(a => TruePositives(a, predicted, margin) / (double)a.Count);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /// <summary>Segmentation covering (Arbeláez et al. 2010, eq. 8) of each annotator's segmentation by the prediction, averaged.</summary>
    public static double Cover(IReadOnlyList<IReadOnlyList<int>> annotations, IEnumerable<int> predictions, int length)
    {
        var predicted = Segments(predictions, length);
        return annotations.Average(a => Segments(a, length).Sum(s => s.Length * predicted.Max(p => Jaccard(s, p))) / length);
    }

    /// <summary>Annotations matched by a distinct detection within the margin, nearest first, in annotation order.</summary>
    private static int TruePositives(IEnumerable<int> annotations, IEnumerable<int> predictions, int margin)
    {
        var left = predictions.ToList();
        var matched = 0;
        foreach (var tau in annotations.Order())
        {
            var close = left.Where(x => Math.Abs(tau - x) <= margin).OrderBy(x => Math.Abs(tau - x)).ThenBy(x => x).ToList();
            if (close.Count > 0)
            {
                matched++;
                left.Remove(close[0]);
            }
        }

        return matched;
    }

    private static (int Start, int Length)[] Segments(IEnumerable<int> changes, int length)
    {
        var bounds = changes.Where(c => c > 0 && c < length).Append(0).Append(length).Distinct().Order().ToArray();
        return [.. bounds.Zip(bounds.Skip(1), (a, b) => (a, b - a))];
    }

    private static double Jaccard((int Start, int Length) a, (int Start, int Length) b)
    {
        var overlap = Math.Min(a.Start + a.Length, b.Start + b.Length) - Math.Max(a.Start, b.Start);
        return overlap <= 0 ? 0 : overlap / (double)(a.Length + b.Length - overlap);
    }
}

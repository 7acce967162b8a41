namespace MoeBench.Reporting.History;

/// <summary>
/// Optimal partition of a series into straight-line segments (each with its own level and slope) under a penalty
/// per segment, by PELT (Killick, Fearnhead &amp; Eckley 2012, JASA 107(500)): exact, and near-linear in practice
/// thanks to its pruning, which is valid here because splitting a segment never raises the least-squares cost.
/// Lines rather than constants because a perf history drifts: a constant-mean model (ED-PELT, binary segmentation
/// with a mean cost) cuts every trend into a staircase of steps, which is how the previous detector found 13 change
/// points on one smooth growth curve (issue 12). A line per segment is the "change in slope" model of Fearnhead,
/// Maidstone &amp; Letchford 2019 (CPOP) without its continuity constraint, so a segment boundary can be a jump, a
/// bend, or both. The cost is the residual sum of squares in units of σ², computed in O(1) from prefix sums.
/// </summary>
internal static class PiecewiseLinearSegmentation
{
    /// <summary>First index of each segment after the first, ascending.</summary>
    public static List<int> Fit(double[] values, double sigma, double penalty, int minSegment)
    {
        var n = values.Length;
        if (n < 2 * minSegment)
        {
            return [];
        }

        var sums = new PrefixSums(values, sigma);
        var best = new double[n + 1];
        var last = new int[n + 1];
        var candidates = new List<int> { 0 };
        best[0] = -penalty;
        for (var end = minSegment; end <= n; end++)
        {
            var (cost, from) = (double.PositiveInfinity, 0);
            foreach (var start in candidates.Where(s => end - s >= minSegment))
            {
                var c = best[start] + sums.Cost(start, end) + penalty;
                if (c < cost)
                {
                    (cost, from) = (c, start);
                }
            }

            best[end] = cost;
            last[end] = from;

            // PELT: a start that is already worse than the best by more than the penalty can never win again.
            candidates.RemoveAll(s => end - s >= minSegment && best[s] + sums.Cost(s, end) > cost);
            candidates.Add(end);
        }

        var starts = new List<int>();
        for (var at = last[n]; at > 0; at = last[at])
        {
            starts.Add(at);
        }

        starts.Reverse();
        return starts;
    }

    /// <summary>Prefix sums of t, t², y, t·y and y² (y scaled by 1/σ, t relative to the series start).</summary>
    private sealed class PrefixSums
    {
        private readonly double[] t1, t2, y1, ty, y2;

        public PrefixSums(double[] values, double sigma)
        {
            var n = values.Length;
            var centre = values.Average();
            (t1, t2, y1, ty, y2) = (new double[n + 1], new double[n + 1], new double[n + 1], new double[n + 1], new double[n + 1]);
            for (var i = 0; i < n; i++)
            {
                var y = (values[i] - centre) / sigma;
                t1[i + 1] = t1[i] + i;
                t2[i + 1] = t2[i] + ((double)i * i);
                y1[i + 1] = y1[i] + y;
                ty[i + 1] = ty[i] + (i * y);
                y2[i + 1] = y2[i] + (y * y);
            }
        }

        /// <summary>Residual sum of squares of the least-squares line through values[from..to).</summary>
        public double Cost(int from, int to)
        {
            double m = to - from;
            var st = t1[to] - t1[from];
            var sy = y1[to] - y1[from];
            var stt = t2[to] - t2[from] - (st * st / m);
            var sty = ty[to] - ty[from] - (st * sy / m);
            var syy = y2[to] - y2[from] - (sy * sy / m);
            return Math.Max(0, stt > 0 ? syy - (sty * sty / stt) : syy);
        }
    }
}

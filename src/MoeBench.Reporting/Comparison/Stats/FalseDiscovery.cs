namespace MoeBench.Reporting.Comparison.Stats;

/// <summary>
/// Benjamini–Hochberg (1995) adjusted p-values (q-values): rejecting every case with q &lt; Q keeps the expected
/// share of false discoveries among the rejections at most Q under independence or positive dependence. None of
/// the tools in the reference doc corrects across benchmarks; with ~50 cases per run, 0.05 per case would give
/// ~2.5 chance "changes" per comparison (nodejs/node#7094), hence a correction over ALL cases compared.
/// </summary>
public static class FalseDiscovery
{
    /// <summary>q(i) = min over j ≥ i (in p order) of p(j)·m/j, capped at 1; returned in input order.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var q = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, pValues[i] * m / rank);
            q[i] = Math.Min(1, running);
        }

        return q;
    }
}

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// The evidence of one op's cases taken together: a code change to an op moves all its cases the same way, while
/// the run-to-run noise of a shared machine moves each case partly on its own. Judged one by one, a 5% change in four
/// cases whose runs wander by 4% each is noise four times; pooled, it is one clear finding (the gate's own error rates
/// on this project's CPU runner showed exactly that: injected slowdowns of one op landed as "noisy" in every case).
/// <para>Each case's drift-adjusted effect is put in units of its own history noise, z_i = effect_i / scale_i, and the
/// op's statistic is their mean scaled to unit variance under no change: with n cases whose noise correlates by ρ̄ on
/// average, Var(mean z) = (1 + (n − 1)ρ̄)/n, so z_op = mean(z)·√n_eff with n_eff = n / (1 + (n − 1)ρ̄) — the
/// effective number of independent cases (the design effect of survey sampling; Kish 1965). ρ̄ is the mean pairwise
/// correlation of the cases' history residuals (drift removed), clamped to [0, 1] so noise that moves together is never
/// counted as more evidence; cases without enough common history count as fully correlated (no gain). Stouffer's
/// combination with the correlation correction is the standard form (Strube 1985); the classical-sd t statistic
/// keeps the history's degrees of freedom, the smallest among the op's cases.</para>
/// <para>The op is judged against the drift the OTHER ops show: a slowdown of an op with many cases would otherwise
/// pull the common shift its way and hide part of itself. That drift's own error is shared by every case of the op,
/// so it is added to the variance of the mean instead of averaging away.</para>
/// <para>Only cases with learned history noise are pooled: without history there is no estimate of how the cases'
/// noise correlates, and rounds of one run cannot show it.</para>
/// </summary>
internal static class OpPooling
{
    /// <summary>Pairs of cases need at least this many common history runs for their correlation to count.</summary>
    private const int MinCommonRuns = 5;

    /// <param name="cases">Each case's op, its drift-adjusted effect (log, positive worse), its history noise scale
    /// (log, NaN without history) and its history noise.</param>
    /// <param name="driftError">Per op: the standard error (log) of the drift its effects were adjusted by, a shift
    /// every case of the op shares and so never averages out.</param>
    public static IReadOnlyDictionary<string, OpEvidence> Pool(
        IReadOnlyList<(string Op, double Effect, double Scale, NoiseEstimate? Noise)> cases, IReadOnlyDictionary<string, double> driftError)
    {
        var pooled = new Dictionary<string, OpEvidence>(StringComparer.Ordinal);
        foreach (var op in cases.Where(c => c.Noise is not null && double.IsFinite(c.Scale) && c.Scale > 0).GroupBy(c => c.Op, StringComparer.Ordinal))
        {
            var members = op.ToList();
            if (members.Count < 2)
            {
                continue;
            }

            var rho = MeanCorrelation([.. members.Select(m => m.Noise!.Residuals)]);
            var effective = members.Count / (1 + ((members.Count - 1) * rho));

            // Var(mean z) under no change: the cases' own noise, shrunk by n_eff, plus the shared drift error.
            var scale = members.Average(m => m.Scale);
            var error = driftError.GetValueOrDefault(op.Key) / scale;
            var z = members.Average(m => m.Effect / m.Scale) / Math.Sqrt((1 / effective) + (error * error));
            pooled[op.Key] = new OpEvidence(op.Key, members.Count, rho, effective, z, members.Min(m => m.Noise!.DegreesOfFreedom));
        }

        return pooled;
    }

    /// <summary>Mean pairwise Pearson correlation over common runs, clamped to [0, 1]; 1 when any pair has too few.</summary>
    private static double MeanCorrelation(IReadOnlyList<IReadOnlyDictionary<long, double>> residuals)
    {
        var sum = 0.0;
        var pairs = 0;
        for (var i = 0; i < residuals.Count; i++)
        {
            for (var j = i + 1; j < residuals.Count; j++)
            {
                var common = residuals[i].Keys.Where(residuals[j].ContainsKey).ToArray();
                if (common.Length < MinCommonRuns)
                {
                    return 1;
                }

                sum += Correlation([.. common.Select(r => residuals[i][r])], [.. common.Select(r => residuals[j][r])]);
                pairs++;
            }
        }

        return Math.Clamp(sum / pairs, 0, 1);
    }

    private static double Correlation(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var syy = y.Sum(v => (v - my) * (v - my));

        // A constant series (a modeled device) carries no evidence of independence.
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 1;
    }
}

/// <summary>One op's pooled evidence (<see cref="OpPooling"/>).</summary>
/// <param name="Op">The op (case name).</param>
/// <param name="Cases">Its cases with history noise.</param>
/// <param name="Correlation">ρ̄, the mean correlation of their noise.</param>
/// <param name="EffectiveCases">n_eff = n / (1 + (n − 1)ρ̄).</param>
/// <param name="Z">The pooled statistic: mean z over its standard deviation √(1/n_eff + (drift error / scale)²), signed
/// as the effects (positive: worse).</param>
/// <param name="DegreesOfFreedom">Of its t test: the smallest history's.</param>
internal sealed record OpEvidence(string Op, int Cases, double Correlation, double EffectiveCases, double Z, int DegreesOfFreedom);

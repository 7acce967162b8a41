namespace MoeBench.Reporting.History;

/// <summary>
/// Finds steps and drifts in one series of any sign. The model is what a perf history is: a level that steps, a
/// trend that can drift, a day-of-week pattern, AR(1) noise and outliers. The method, and why:
/// <list type="number">
/// <item>A weekly pattern is removed when the series shows one (<see cref="Smoothing.WithoutWeeklyPattern"/>).</item>
/// <item>Noise σ and lag-1 autocorrelation ρ come from differences (<see cref="SeriesNoise.Estimate"/>): robust to the
/// very steps and trends being looked for.</item>
/// <item>Isolated outliers (bursts of up to 3 points) are replaced by a running median (Hampel's identifier), so the
/// segmentation can use an exact least-squares cost. A robust (biweight) cost in the DP would do the same at more
/// cost (Fearnhead &amp; Rigaill 2019, "Changepoint detection in the presence of outliers", JASA).</item>
/// <item>PELT fits straight-line segments with a penalty of c·σ²·ln n per segment, inflated by the AR(1) long-run
/// factor (1+ρ)/(1−ρ): under positive autocorrelation a segment mean wanders that much more than the independent
/// noise the penalty assumes, the reason independent-noise methods over-segment autocorrelated series (Chakar et al.
/// 2017; Shi et al. 2022). ED-PELT and Otava's E-divisive/t-test assume independent noise and a constant level within a
/// segment, which is where the previous detector failed (issue 12).</item>
/// <item>Each boundary is confirmed by effect size against the long-run noise, never by a p-value that shrinks with
/// segment length (Otava's p-value falls as segments grow; asv, Perfherder and chromeperf all demand a minimum effect:
/// reference/regression-detection.md): a step must jump by <see cref="HistoryOptions.StepSigmas"/> long-run σ and by
/// the minimum relative magnitude; a boundary without a jump survives only where a drift starts, ends or changes rate.
/// As in Otava, the weakest failing boundary is dropped and its neighbours re-judged until every one passes.</item>
/// <item>A segment whose robust line moves by <see cref="HistoryOptions.DriftSigmas"/> long-run σ over at least
/// <see cref="HistoryOptions.MinDriftSpan"/> points is a drift, reported with its rate and span rather than as a chain
/// of small steps (asv likewise catches gradual drifts by comparing accumulated change, PR #934).</item>
/// </list>
/// Values are used raw, never logged, so a signed metric (a difference, a log-ratio) is analysed like any other;
/// magnitudes are relative to the level where one exists. Bayesian online change-point detection (Adams &amp; MacKay
/// 2007) was not chosen: its hazard and prior need tuning per series and it has no drift model of its own.
/// </summary>
public static class SeriesAnalyzer
{
    public static SeriesAnalysis Analyze(IReadOnlyList<double> series, HistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= HistoryOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinSegment, 2);
        var raw = series.ToArray();
        if (raw.Length < 2 * options.MinSegment || raw.Any(v => !double.IsFinite(v)))
        {
            return SeriesAnalysis.Empty;
        }

        var deseasoned = Smoothing.WithoutWeeklyPattern(raw);
        var noise = SeriesNoise.Estimate(deseasoned);
        var values = Smoothing.WithoutOutliers(deseasoned, noise.Sigma);
        var penalty = options.PenaltyPerLogN * Math.Log(values.Length) * noise.LongRunFactor;
        var starts = PiecewiseLinearSegmentation.Fit(values, noise.Sigma, penalty, options.MinSegment);
        var fits = Confirm(values, starts, noise, options);
        return Describe(fits, noise, options);
    }

    /// <summary>Drops the weakest unconfirmed boundary, refits its neighbours as one segment, until all are confirmed.</summary>
    private static List<SegmentFit> Confirm(double[] values, List<int> starts, SeriesNoise noise, HistoryOptions options)
    {
        var bounds = starts.Prepend(0).Append(values.Length).ToList();
        var fits = bounds.Zip(bounds.Skip(1), (a, b) => SegmentFit.Of(values, a, b, noise, options)).ToList();
        while (fits.Count > 1)
        {
            var weakest = Enumerable.Range(1, fits.Count - 1)
                .Where(k => !Confirmed(fits[k - 1], fits[k], noise, options))
                .OrderBy(k => Math.Abs(Jump(fits[k - 1], fits[k])))
                .FirstOrDefault();
            if (weakest == 0)
            {
                break;
            }

            fits[weakest - 1] = SegmentFit.Of(values, fits[weakest - 1].From, fits[weakest].To, noise, options);
            fits.RemoveAt(weakest);
        }

        return fits;
    }

    /// <summary>
    /// A step; or where a drift starts or ends; or where it turns or changes rate. A change of rate in the same
    /// direction must be twice as clear as a drift itself: two halves of one noisy creep differ in slope by chance,
    /// and one creep must read as one drift.
    /// </summary>
    private static bool Confirmed(SegmentFit before, SegmentFit after, SeriesNoise noise, HistoryOptions options)
    {
        if (IsStep(before, after, noise, options) || before.Drifting != after.Drifting)
        {
            return true;
        }

        var sameWay = Math.Sign(before.Slope) == Math.Sign(after.Slope);
        var turn = Math.Abs(after.Slope - before.Slope) * Math.Min(before.Length, after.Length);
        return before.Drifting && turn >= (sameWay ? 2 : 1) * options.DriftSigmas * noise.LongRunSigma;
    }

    private static bool IsStep(SegmentFit before, SegmentFit after, SeriesNoise noise, HistoryOptions options)
    {
        var (from, to) = Levels(before, after);
        var jump = Math.Abs(to - from);
        return jump >= options.StepSigmas * noise.LongRunSigma
            && jump >= options.MinMagnitude.Fraction * Math.Max(Math.Abs(from), Math.Abs(to));
    }

    /// <summary>Each side's fitted level half a point before/after the boundary.</summary>
    private static (double Before, double After) Levels(SegmentFit before, SegmentFit after) =>
        (before.At(after.From - 0.5), after.At(after.From - 0.5));

    private static double Jump(SegmentFit before, SegmentFit after)
    {
        var (from, to) = Levels(before, after);
        return to - from;
    }

    private static SeriesAnalysis Describe(List<SegmentFit> fits, SeriesNoise noise, HistoryOptions options)
    {
        var steps = new List<LevelStep>();
        for (var k = 1; k < fits.Count; k++)
        {
            if (IsStep(fits[k - 1], fits[k], noise, options))
            {
                var (before, after) = Levels(fits[k - 1], fits[k]);
                steps.Add(new LevelStep(fits[k].From, before, after, Math.Abs(after - before) / noise.LongRunSigma));
            }
        }

        var drifts = fits.Where(f => f.Drifting)
            .Select(f => new Drift(f.From, f.To - 1, f.Slope, f.Level, Math.Abs(f.Slope * (f.Length - 1)) / noise.LongRunSigma))
            .ToList();
        return new SeriesAnalysis(steps, drifts, [.. fits.Skip(1).Select(f => f.From)], noise);
    }
}

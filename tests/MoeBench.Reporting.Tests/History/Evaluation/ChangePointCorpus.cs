namespace MoeBench.Reporting.Tests.History.Evaluation;

/// <summary>One labelled series: its values and each annotator's change points (0-based first index of a new segment).</summary>
public sealed record LabelledSeries(string Name, double[] Values, IReadOnlyList<IReadOnlyList<int>> Annotations);

/// <summary>
/// The project's labelled change-point corpus, generated from fixed seeds. It was written and frozen before the
/// detector it scores was tuned (issue 12), and models what a nightly perf history is: a level that steps, trends
/// and slow creeps, day-of-week seasonality, AR(1) noise, outliers, warm-up curves, signed metrics, and series where
/// nothing happens. Three annotators label every series, as TCPDBench's humans do (van den Burg &amp; Williams 2020):
/// they agree on abrupt steps and on "nothing"; where a human reading is ambiguous — where a creep or a change of
/// slope begins and ends, the knee of a warm-up — they differ, as written per family below.
/// </summary>
public static class ChangePointCorpus
{
    private const int Annotators = 3;
    private const int SeedsPerFamily = 10;

    /// <summary>Every family × seed: the full benchmark.</summary>
    public static IReadOnlyList<LabelledSeries> Full { get; } = Build();

    /// <summary>Every sixth series of <see cref="Full"/> (all families represented): the CI subset.</summary>
    public static IReadOnlyList<LabelledSeries> Subset { get; } = [.. Full.Where((_, i) => i % 6 == 0)];

    private static List<LabelledSeries> Build()
    {
        var families = new (string Name, Func<Random, Draft> Make)[]
        {
            ("flat", r => Flat(r, Noise.Iid(r))),
            ("flat-ar1", r => Flat(r, Noise.Ar1(r))),
            ("flat-outliers", r => Flat(r, Noise.Iid(r) with { OutlierRate = 0.04 })),
            ("flat-seasonal", r => Flat(r, Noise.Iid(r) with { Weekly = true })),
            ("flat-bursts", r => Bursts(r)),
            ("trend", r => Trend(r)),
            ("step", r => Steps(r, 1, Noise.Iid(r))),
            ("step-ar1", r => Steps(r, 1, Noise.Ar1(r))),
            ("step-outliers", r => Steps(r, 1, Noise.Iid(r) with { OutlierRate = 0.04 })),
            ("step-seasonal", r => Steps(r, 1, Noise.Ar1(r) with { Weekly = true })),
            ("steps", r => Steps(r, 2 + r.Next(3), Noise.Iid(r))),
            ("steps-ar1", r => Steps(r, 2 + r.Next(3), Noise.Ar1(r))),
            ("excursion", r => Excursion(r)),
            ("creep", r => Creep(r, bounded: false)),
            ("creep-bounded", r => Creep(r, bounded: true)),
            ("slope-change", r => SlopeChange(r)),
            ("trend-step", r => TrendStep(r)),
            ("warmup", r => Warmup(r)),
            ("signed", r => Signed(r)),
        };
        var corpus = new List<LabelledSeries>();
        for (var f = 0; f < families.Length; f++)
        {
            for (var s = 0; s < SeedsPerFamily; s++)
            {
                var random = new Random((1000 * (f + 1)) + s);
                var draft = families[f].Make(random);
                corpus.Add(new LabelledSeries($"{families[f].Name}-{s}", draft.Values, draft.Annotations));
            }
        }

        return corpus;
    }

    /// <summary>How a series' noise is drawn: σ relative to a level of 100, lag-1 autocorrelation, outliers, weekly pattern.</summary>
    private sealed record Noise(double Sigma, double Rho, double OutlierRate = 0, bool Weekly = false)
    {
        public static Noise Iid(Random r) => new(0.5 + (2.5 * r.NextDouble()), 0);

        public static Noise Ar1(Random r) => new(0.5 + (2.5 * r.NextDouble()), 0.4 + (0.4 * r.NextDouble()));

        /// <summary>Adds the noise to a signal: AR(1) with marginal σ, a day-of-week pattern (a weekend bump), spikes.</summary>
        public double[] AddTo(double[] signal, Random r)
        {
            var values = new double[signal.Length];
            var innovation = Sigma * Math.Sqrt(1 - (Rho * Rho));
            var e = Sigma * Gauss(r);
            var weekend = Weekly ? (1.5 + r.NextDouble()) * Sigma : 0;
            var phase = r.Next(7);
            for (var t = 0; t < signal.Length; t++)
            {
                e = t == 0 ? e : (Rho * e) + (innovation * Gauss(r));
                var spike = r.NextDouble() < OutlierRate ? (r.Next(2) == 0 ? -1 : 1) * (5 + (5 * r.NextDouble())) * Sigma : 0;
                values[t] = signal[t] + e + spike + ((t + phase) % 7 >= 5 ? weekend : 0);
            }

            return values;
        }
    }

    private sealed record Draft(double[] Values, IReadOnlyList<IReadOnlyList<int>> Annotations);

    private static int Length(Random r) => 60 + r.Next(191);

    private static Draft Flat(Random r, Noise noise) => Unanimous(noise.AddTo(Level(Length(r), 100), r), []);

    /// <summary>Two or three bursts of 2–3 consecutive wild values (a noisy neighbour for a night or two): no change.</summary>
    private static Draft Bursts(Random r)
    {
        var noise = Noise.Iid(r);
        var values = noise.AddTo(Level(Length(r), 100), r);
        for (var b = 2 + r.Next(2); b > 0; b--)
        {
            var at = r.Next(values.Length - 3);
            var size = (8 + (6 * r.NextDouble())) * noise.Sigma;
            for (var k = at; k < at + 2 + r.Next(2); k++)
            {
                values[k] += size;
            }
        }

        return Unanimous(values, []);
    }

    /// <summary>A steady trend over the whole series (10–30% in all): nobody marks a change.</summary>
    private static Draft Trend(Random r)
    {
        var n = Length(r);
        var total = (r.Next(2) == 0 ? -1 : 1) * (10 + (20 * r.NextDouble()));
        var noise = r.Next(2) == 0 ? Noise.Iid(r) : Noise.Ar1(r);
        return Unanimous(noise.AddTo([.. Enumerable.Range(0, n).Select(t => 100 + (total * t / n))], r), []);
    }

    /// <summary>Level shifts of 5–12 σ, at least 15 points apart and from either end; every annotator marks each.</summary>
    private static Draft Steps(Random r, int count, Noise noise)
    {
        var n = Math.Max(Length(r), 40 * count);
        var at = Positions(r, n, count, gap: 15);
        var level = 100.0;
        var signal = new double[n];
        for (var t = 0; t < n; t++)
        {
            if (at.Contains(t))
            {
                level += (r.Next(2) == 0 ? -1 : 1) * (5 + (7 * r.NextDouble())) * noise.Sigma;
            }

            signal[t] = level;
        }

        return Unanimous(noise.AddTo(signal, r), at);
    }

    /// <summary>A temporary level of 8–20 points that returns: two changes, marked by all.</summary>
    private static Draft Excursion(Random r)
    {
        var n = Length(r);
        var noise = Noise.Iid(r);
        var start = 15 + r.Next(n - 50);
        var end = start + 8 + r.Next(13);
        var size = (r.Next(2) == 0 ? -1 : 1) * (6 + (6 * r.NextDouble())) * noise.Sigma;
        var signal = Enumerable.Range(0, n).Select(t => t >= start && t < end ? 100 + size : 100.0).ToArray();
        return Unanimous(noise.AddTo(signal, r), [start, end]);
    }

    /// <summary>
    /// Flat, then a creep of 0.2–1% of the level per point for at least 30 points (and, bounded, a plateau after it).
    /// Annotator 0 marks where the creep starts (and ends); annotator 1 the same, a couple of points late, as a human
    /// sees a ramp only once it has left the noise; annotator 2 marks the middle of the ramp, reading it as one step.
    /// </summary>
    private static Draft Creep(Random r, bool bounded)
    {
        var n = Math.Max(Length(r), 100);
        var noise = r.Next(2) == 0 ? Noise.Iid(r) : Noise.Ar1(r);
        var start = 20 + r.Next(n / 3);
        var end = bounded ? start + 30 + r.Next(Math.Max(1, n - start - 50)) : n;
        var rate = (r.Next(2) == 0 ? -1 : 1) * (0.2 + (0.8 * r.NextDouble()));
        var signal = Enumerable.Range(0, n).Select(t => 100 + (rate * (Math.Clamp(t, start, end) - start))).ToArray();
        var edges = bounded ? new[] { start, end } : [start];
        return new Draft(noise.AddTo(signal, r), [edges, [.. edges.Select(e => Math.Min(n - 1, e + 3))], [(start + end) / 2]]);
    }

    /// <summary>A trend that bends (one slope, then another, continuously): annotators 0 and 1 mark the bend, 2 does not.</summary>
    private static Draft SlopeChange(Random r)
    {
        var n = Math.Max(Length(r), 80);
        var noise = Noise.Iid(r);
        var bend = 25 + r.Next(n - 50);
        var before = (r.NextDouble() - 0.5) * 0.4;
        var after = before + ((r.Next(2) == 0 ? -1 : 1) * (0.4 + (0.6 * r.NextDouble())));
        var signal = Enumerable.Range(0, n).Select(t => 100 + (before * Math.Min(t, bend)) + (after * Math.Max(0, t - bend))).ToArray();
        return new Draft(noise.AddTo(signal, r), [[bend], [bend], []]);
    }

    /// <summary>A steady trend with one level shift on top: the shift is marked by all, the trend by none.</summary>
    private static Draft TrendStep(Random r)
    {
        var n = Length(r);
        var noise = r.Next(2) == 0 ? Noise.Iid(r) : Noise.Ar1(r);
        var at = Positions(r, n, 1, gap: 20)[0];
        var slope = (r.Next(2) == 0 ? -1 : 1) * (10 + (15 * r.NextDouble())) / n;
        var size = (r.Next(2) == 0 ? -1 : 1) * (6 + (6 * r.NextDouble())) * noise.Sigma;
        var signal = Enumerable.Range(0, n).Select(t => 100 + (slope * t) + (t >= at ? size : 0)).ToArray();
        return Unanimous(noise.AddTo(signal, r), [at]);
    }

    /// <summary>
    /// A cache or JIT warm-up: the first runs slower, decaying to the steady level with a time constant of 3–8 points.
    /// Only annotator 1 marks the knee (three time constants in); the others see no change.
    /// </summary>
    private static Draft Warmup(Random r)
    {
        var n = Length(r);
        var noise = Noise.Iid(r);
        var tau = 3 + (5 * r.NextDouble());
        var excess = (8 + (10 * r.NextDouble())) * noise.Sigma;
        var signal = Enumerable.Range(0, n).Select(t => 100 + (excess * Math.Exp(-t / tau))).ToArray();
        return new Draft(noise.AddTo(signal, r), [[], [(int)Math.Round(3 * tau)], []]);
    }

    /// <summary>A signed metric (a difference of two timings) around zero, with one or two shifts across zero.</summary>
    private static Draft Signed(Random r)
    {
        var n = Length(r);
        var count = 1 + r.Next(2);
        var at = Positions(r, n, count, gap: 20);
        var sigma = 0.5 + r.NextDouble();
        var level = 0.0;
        var signal = new double[n];
        for (var t = 0; t < n; t++)
        {
            if (at.Contains(t))
            {
                level = (level > 0 ? -1 : 1) * (5 + (5 * r.NextDouble())) * sigma;
            }

            signal[t] = level;
        }

        return Unanimous(new Noise(sigma, 0.3).AddTo(signal, r), at);
    }

    private static double[] Level(int n, double value) => [.. Enumerable.Repeat(value, n)];

    private static Draft Unanimous(double[] values, int[] changes) =>
        new(values, [.. Enumerable.Repeat<IReadOnlyList<int>>(changes, Annotators)]);

    /// <summary>Distinct sorted positions, each at least <paramref name="gap"/> from the ends and from each other.</summary>
    private static int[] Positions(Random r, int n, int count, int gap)
    {
        while (true)
        {
            var at = Enumerable.Range(0, count).Select(_ => gap + r.Next(n - (2 * gap))).Order().ToArray();
            if (at.Zip(at.Skip(1), (a, b) => b - a).All(d => d >= gap))
            {
                return at;
            }
        }
    }

    /// <summary>Box–Muller standard normal from a seeded generator.</summary>
    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}

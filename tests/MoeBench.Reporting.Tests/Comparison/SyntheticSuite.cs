using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Reporting.Tests.Comparison;

/// <summary>How one synthetic case behaves: its level, its within-run noise and its run-to-run jitter.</summary>
/// <param name="WithinMad">Relative MAD of one run's samples (lognormal body, plus a slow upper tail).</param>
/// <param name="Jitter">σ of the case's log median from run to run, beyond sampling error (cache placement,
/// page layout, frequency): what a second run of the same build moves it by.</param>
internal sealed record SyntheticCase(CaseSpec Spec, double BaseNs, double WithinMad, int Samples, double Jitter, double[] Stored);

/// <summary>
/// A synthetic stand-in for the <c>quick</c> suite on the shared 2-core CI machine: its 46 cases (30 kernels,
/// 16 layers, 18 of them grouped_gemm), each with a stored sample set of one build that runs are resampled from.
/// Between runs: a common-mode drift of up to ±8% (the whole machine slower or faster) and per-case jitter.
///
/// Noise by kind of work, as such a machine shows it: compute-bound GEMMs (gemm, grouped_gemm) stream packed tiles
/// through registers and are the steadiest — 2–4% within-run MAD and ~1% run-to-run jitter; memory-bound and small
/// kernels and whole layers (gate, permute, swiglu, layers at decode sizes) depend on cache and page placement —
/// 2–10% MAD and 2–4% jitter. Sample counts 10–100 as quick.yaml's 150–800 ms budget gives. Every draw is seeded.
/// </summary>
internal sealed class SyntheticSuite
{
    public const string Device = "cpu";

    private static readonly DeviceInfo CpuDevice = new(
        Device, "managed", "AMD", "EPYC 7763 (2 vCPU)", 2, ["avx2", "fma"], 8L << 30, 1.1e11, 2.0e10, "nominal", Provenance.Measured);

    private long _nextRunId = 1;

    private SyntheticSuite(IReadOnlyList<SyntheticCase> cases) => Cases = cases;

    public IReadOnlyList<SyntheticCase> Cases { get; }

    public static SyntheticSuite Quick(int seed, double? gemmJitter = null, double? otherJitter = null)
    {
        var random = new Random(seed);
        var cases = new List<SyntheticCase>();
        void Add(CaseLevel level, string name, (string Key, object Value)[] ps)
        {
            var gemm = name is "gemm" or "grouped_gemm";
            var mad = gemm ? Uniform(random, 0.02, 0.03) : Uniform(random, 0.02, 0.10);
            var jitter = gemm ? gemmJitter ?? Uniform(random, 0.006, 0.010) : otherJitter ?? Uniform(random, 0.02, 0.04);
            var samples = gemm ? random.Next(40, 101) : random.Next(10, 101);
            var baseNs = Math.Exp(Uniform(random, Math.Log(2e3), Math.Log(5e7)));
            var spec = new CaseSpec(level, name, new CaseParams(ps.Select(p => new KeyValuePair<string, object>(p.Key, p.Value))));
            cases.Add(new SyntheticCase(spec, baseNs, mad, samples, jitter, Draw(random, baseNs, mad, samples)));
        }

        Add(CaseLevel.Kernel, "gemm", [("m", 1024), ("n", 1024), ("k", 1024)]);
        foreach (var model in new[] { "mixtral-8x7b@1/8", "olmoe-1b-7b@1/4" })
        {
            foreach (var proj in new[] { "up", "down" })
            {
                foreach (var tokens in new[] { 1, 16, 128, 512 })
                {
                    Add(CaseLevel.Kernel, "grouped_gemm", [("model", model), ("proj", proj), ("tokens", tokens)]);
                }
            }
        }

        Add(CaseLevel.Kernel, "grouped_gemm", [("model", "olmoe-1b-7b@1/4"), ("proj", "up"), ("tokens", 16), ("routing", "zipf:1.2")]);
        Add(CaseLevel.Kernel, "grouped_gemm", [("model", "olmoe-1b-7b@1/4"), ("proj", "up"), ("tokens", 512), ("routing", "zipf:1.2")]);
        foreach (var model in new[] { "olmoe-1b-7b@1/4", "deepseek-v3@1/8" })
        {
            Add(CaseLevel.Kernel, "gate", [("model", model), ("tokens", 16)]);
            Add(CaseLevel.Kernel, "gate", [("model", model), ("tokens", 512)]);
        }

        foreach (var routing in new[] { "uniform", "hot:2" })
        {
            Add(CaseLevel.Kernel, "permute", [("routing", routing), ("capacity_factor", 0.0)]);
            Add(CaseLevel.Kernel, "permute", [("routing", routing), ("capacity_factor", 1.25)]);
        }

        Add(CaseLevel.Kernel, "unpermute", [("tokens", 512)]);
        Add(CaseLevel.Kernel, "swiglu", [("rows", 1024), ("ffn", 1792)]);
        Add(CaseLevel.Kernel, "rmsnorm", [("rows", 512), ("hidden", 4096)]);
        foreach (var model in new[] { "mixtral-8x7b@1/8", "qwen3-30b-a3b@1/4" })
        {
            foreach (var tokens in new[] { 1, 16, 128 })
            {
                Add(CaseLevel.Layer, model, [("tokens", tokens), ("routing", "uniform")]);
                Add(CaseLevel.Layer, model, [("tokens", tokens), ("routing", "zipf:1.2")]);
            }
        }

        Add(CaseLevel.Layer, "deepseek-v2-lite@1/4", [("tokens", 16)]);
        Add(CaseLevel.Layer, "deepseek-v2-lite@1/4", [("tokens", 128)]);
        Add(CaseLevel.Layer, "olmoe-1b-7b@1/4", [("tokens", 128), ("routing", "hot:2")]);
        Add(CaseLevel.Layer, "olmoe-1b-7b@1/4", [("tokens", 128), ("zero_experts", 4)]);
        return new SyntheticSuite(cases);
    }

    /// <summary>
    /// One run of the build: every case's stored samples resampled (bootstrap) and scaled by the run's drift, the
    /// case's jitter and <paramref name="slowdown"/> (1 = none).
    /// </summary>
    public SyntheticRun Run(Random random, double? drift = null, Func<SyntheticCase, double>? slowdown = null)
    {
        // Each run's machine level within ±4%, so that any two runs differ by up to ±8%.
        var runDrift = drift ?? Uniform(random, -0.04, 0.04);
        var results = Cases.Select(c =>
        {
            var factor = Math.Exp(Math.Log(1 + runDrift) + (c.Jitter * Gauss(random))) * (slowdown?.Invoke(c) ?? 1);
            var samples = new double[c.Samples];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = c.Stored[random.Next(c.Stored.Length)] * factor;
            }

            return Result(c.Spec, samples);
        }).ToList();
        return new SyntheticRun(_nextRunId++, results);
    }

    /// <summary>
    /// One run measured in <paramref name="rounds"/> rounds, as the engine does: the case's jitter is drawn anew per
    /// round (each round sets up afresh), and a case in <paramref name="bimodal"/> lands in a mode 30% slower with
    /// probability one half per round — the per-setup modes a shared machine shows (ArcticDB#3391).
    /// </summary>
    public SyntheticRun RunInRounds(
        Random random, int rounds, ISet<string>? bimodal = null, Func<SyntheticCase, double>? slowdown = null)
    {
        var runDrift = Uniform(random, -0.04, 0.04);
        var results = Cases.Select(c =>
        {
            var perRound = Math.Max(4, c.Samples / rounds);
            var samples = new double[perRound * rounds];
            for (var round = 0; round < rounds; round++)
            {
                var mode = bimodal?.Contains(c.Spec.Id) == true && random.NextDouble() < 0.5 ? 1.3 : 1;
                var factor = Math.Exp(Math.Log(1 + runDrift) + (c.Jitter * Gauss(random))) * mode * (slowdown?.Invoke(c) ?? 1);
                for (var i = 0; i < perRound; i++)
                {
                    samples[(round * perRound) + i] = c.Stored[random.Next(c.Stored.Length)] * factor;
                }
            }

            return Result(c.Spec, samples, [.. Enumerable.Repeat(perRound, rounds)]);
        }).ToList();
        return new SyntheticRun(_nextRunId++, results);
    }

    public static CaseResult Result(CaseSpec spec, double[] samples, IReadOnlyList<int>? roundSizes = null)
    {
        var stats = SampleStatistics.From(samples);
        return new CaseResult(spec, CpuDevice, Provenance.Measured, ResultStatus.Ok, null, 1e-7, new OpCost(1e9, 1e7),
            stats, null, samples, 1, 42, "hot", null, roundSizes);
    }

    public static CaseResult Failure(CaseSpec spec) =>
        CaseResult.Failed(spec, CpuDevice, "output differs from float64 reference", 0.5, new OpCost(1e9, 1e7), 42, "hot");

    public static string DeviceKey => CpuDevice.IdentityKey;

    public static double Gauss(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary>A build's stored samples: lognormal body with the given relative MAD, 3% slow outliers (1.2–2×).</summary>
    private static double[] Draw(Random random, double baseNs, double relativeMad, int count)
    {
        var sigma = relativeMad * 1.4826;
        var samples = new double[Math.Max(count, 60)];
        for (var i = 0; i < samples.Length; i++)
        {
            var outlier = random.NextDouble() < 0.03 ? Uniform(random, 1.2, 2.0) : 1;
            samples[i] = baseNs * Math.Exp(sigma * Gauss(random)) * outlier;
        }

        return samples;
    }
}

/// <summary>One synthetic run: an id and a result per case; <paramref name="Turns"/> names the group it was measured in turns with.</summary>
internal sealed record SyntheticRun(long Id, IReadOnlyList<CaseResult> Results, string? Turns = null)
{
    private static readonly DateTimeOffset Epoch = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public RunRecord Record => new(Id, new RunContext(
        "test", $"{Id:x8}c0ffee", "main", false, "ci", "linux", ".NET 10", "EPYC", 2, "avx2", "quick", "h", Epoch.AddHours(Id),
        1, Turns is null ? "" : $"{{\"turns\":\"{Turns}\"}}", new Dictionary<string, string>()), RunStatus.Complete, Epoch.AddHours(Id).AddMinutes(2), 1);

    public SelectionResults Selection(string text) => Pool(text, this);

    public static SelectionResults Pool(string text, params SyntheticRun[] runs)
    {
        var ordered = runs.OrderByDescending(r => r.Id).ToList();
        var results = ordered.SelectMany(r => r.Results.Select((c, i) => new StoredResult((r.Id * 1000) + i, r.Id, c))).ToList();
        return new SelectionResults(new RunSelection([.. ordered.Select(r => r.Record)], text), results);
    }
}

/// <summary>An in-memory history: the runs given, served as a store would (per case and device, oldest first).</summary>
internal sealed class SyntheticHistory(IEnumerable<SyntheticRun> runs) : IHistoryProvider
{
    private readonly List<SyntheticRun> _runs = [.. runs.OrderBy(r => r.Id)];

    public IReadOnlyList<HistoryEntry> CaseHistory(string caseId, string deviceKey, string metricId, int limit) =>
    [
        .. _runs
            .SelectMany(r => r.Results
                .Where(c => c.Case.Id == caseId && c.Device.IdentityKey == deviceKey && c.Status == ResultStatus.Ok)
                .Select(c => (Result: c, Metric: c.Metric(metricId)))
                .Where(c => c.Metric is not null)
                .Select(c => new HistoryEntry(r.Id, r.Record.Context.GitCommit, "main", r.Record.Context.StartedUtc, c.Metric!.Value, c.Metric.Samples)))
            .TakeLast(limit),
    ];
}

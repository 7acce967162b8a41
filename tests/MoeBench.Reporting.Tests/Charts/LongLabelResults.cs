using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Tests.Charts;

/// <summary>
/// A vendor run at its most crowded: cases with every parameter in their label (as a real suite writes them), many
/// cases of one op, three devices with long ids, zero-FLOP ops, serving runs named by long scenarios. Every chart
/// type is drawn from it by <see cref="ChartFitTests"/>.
/// </summary>
internal static class LongLabelResults
{
    public static readonly DeviceInfo Blas = SyntheticResults.Device("cpu-blas-openblas-0.3.28-skylakex", "openblas", 409e9, 46e9, "calibration: fp32 FMA loop, STREAM triad");

    public static readonly DeviceInfo Managed = SyntheticResults.Device("cpu-managed-avx512-vector512", "managed", 452e9, 46e9, "calibration: fp32 FMA loop, STREAM triad");

    public static readonly DeviceInfo Onnx = SyntheticResults.Device("cpu-onnxruntime-1.23-mlas-sgemm", "onnx", 430e9, 46e9, "calibration: fp32 FMA loop, STREAM triad");

    public static IReadOnlyList<DeviceInfo> Devices => [Blas, Managed, Onnx];

    private static readonly double[] Rates = [2, 4, 8, 16];

    /// <summary>Six quantised grouped GEMMs differing only in tokens and group size, three routing kernels, two layers; each on every device.</summary>
    public static List<CaseResult> Results()
    {
        var results = new List<CaseResult>();
        var speed = 1.0;
        foreach (var device in Devices)
        {
            foreach (var (tokens, group) in new[] { (16, 32), (16, 128), (64, 32), (64, 128), (256, 32), (256, 128) })
            {
                var spec = SyntheticResults.Kernel("quant_grouped_gemm", ("model", "mixtral-8x7b@1/4"), ("proj", "down"), ("tokens", tokens),
                    ("cache", "cold"), ("weight_dtype", "int4"), ("group_size", group), ("routing", "zipf:1.2"), ("capacity_factor", 1.25));
                var cost = new OpCost(2.0 * tokens * 2 * 1024 * 3584, (0.5 * 8 * 1024 * 3584) + (4.0 * tokens * 4608));
                results.Add(SyntheticResults.Ok(spec, device, cost, 180e3 * speed * (1 + (tokens / 64.0)), tokens));
            }

            foreach (var op in new[] { "permute", "unpermute", "topk_softmax_gate" })
            {
                var spec = SyntheticResults.Kernel(op, ("model", "deepseek-v2-lite@1/4"), ("tokens", 512), ("routing", "hot:2"), ("capacity_factor", 1.25), ("cache", "hot"));
                var flops = op == "topk_softmax_gate" ? 2.0 * 512 * 2048 * 64 : 0;
                results.Add(SyntheticResults.Ok(spec, device, new OpCost(flops, 2.0 * 4 * 512 * 6 * 2048), 95e3 * speed, 512));
            }

            foreach (var (model, experts, tokens) in new[] { ("qwen3-30b-a3b@1/4", 128, 512), ("mixtral-8x7b@1/4", 8, 16) })
            {
                var spec = SyntheticResults.Layer(model, ("tokens", tokens), ("routing", "zipf:1.2"), ("cache", "cold"), ("weight_dtype", "int4"),
                    ("group_size", 32), ("capacity_factor", 1.25), ("hot_experts", 2));
                var ok = SyntheticResults.Ok(spec, device, new OpCost(2.0 * tokens * 8 * 3 * 1024 * 768, 4.0 * 8 * 3 * 1024 * 768), 3.1e6 * speed, tokens,
                    SyntheticResults.Zipf(experts, tokens, experts == 8 ? 2 : 8, 1.2));
                results.Add(ok with { Profile = SyntheticResults.Phases(3.1e6 * speed) });
            }

            speed *= 1.4;
        }

        return results;
    }

    /// <summary>Serving scenarios named as a suite names them, with two metrics each and per-request samples.</summary>
    public static List<CaseResult> Scenarios()
    {
        var rng = new Random(SyntheticResults.Seed);
        return
        [
            .. Rates.Select(rate =>
            {
                var spec = new CaseSpec(CaseLevel.Scenario, "continuous_batching_server", new CaseParams(
                [
                    new("model", "mixtral-8x7b@1/4"), new("rate", rate), new("arrival", "poisson"), new("prompt_tokens", "sharegpt-v3-trace"),
                    new("max_batch_tokens", 8192L), new("kv_block_size", 16L), new("ttft_slo_ms", 500.0), new("tpot_slo_ms", 50.0),
                ]));
                var ttft = Enumerable.Range(0, 64).Select(_ => 80 * rate * (0.5 + rng.NextDouble())).ToList();
                var tpot = Enumerable.Range(0, 64).Select(_ => 9 * rate * (0.5 + rng.NextDouble())).ToList();
                return CaseResult.FromMetrics(spec, Managed, Provenance.Simulated, default, SyntheticResults.Seed,
                [
                    new MetricValue(WellKnownMetrics.TtftP50, ttft.Order().ElementAt(32), null, ttft),
                    new MetricValue(WellKnownMetrics.TpotP50, tpot.Order().ElementAt(32), null, tpot),
                    MetricValue.Of(WellKnownMetrics.ThroughputTokens, 310 * rate),
                    new MetricValue(WellKnownMetrics.Goodput, 0.9 * rate, new MetricInterval(0.8 * rate, rate), []),
                ], "serving-simulator-v2");
            }),
        ];
    }

    /// <summary>A long serving run's steps: prefill bursts where requests join, decode growing with the batch.</summary>
    public static ServingTimeline Timeline() => new(
        [],
        [.. Enumerable.Range(0, 400).Select(i => new ServedStep(i, i * 0.05, (i + 1) * 0.05, i % 25 == 0 ? 2048 : 0, Math.Min(i / 4, 64), Math.Min(i / 4, 64), Math.Max(0, (i / 10) - 20), i))],
        4096);

    public static HistoryChartSeries History() => SyntheticResults.History() with
    {
        CaseLabel = Results()[0].Case.Label,
        DeviceId = Blas.Id,
    };
}

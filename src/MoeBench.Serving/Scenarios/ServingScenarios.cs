using MoeBench.Core.Ops.Definitions;
using MoeBench.Engine.Suites;
using MoeBench.Serving.Load;

namespace MoeBench.Serving.Scenarios;

/// <summary>
/// The serving scenarios a suite may name (MLPerf LoadGen's, shared/reference/serving-benchmarks.md) with their
/// parameter schemas. <c>server</c> takes arrivals either from a rate (Poisson, or gamma-bursty as vLLM's
/// <c>--burstiness</c>) with length distributions, or from a recorded trace replayed at a speed.
/// </summary>
public static class ServingScenarios
{
    public const string Offline = "offline";
    public const string Server = "server";
    public const string SingleStream = "single_stream";

    private static readonly ParamSpec[] Common =
    [
        new("model", ParamKind.Model, Default: "olmoe-1b-7b@1/4"),
        new("layers", ParamKind.Whole, Default: 2L) { Min = 1 },
        new("min_duration_s", ParamKind.Number, Default: 10.0) { Min = 0 },
        new("min_queries", ParamKind.Whole, Default: 32L) { Min = 1 },
        new("warmup", ParamKind.Whole, Default: 4L) { Min = 0 },
        new("max_duration_s", ParamKind.Number, Default: 120.0) { Min = 0, MinExclusive = true },
        new("ttft_slo_ms", ParamKind.Number, Default: 2000.0) { Min = 0, MinExclusive = true },
        new("tpot_slo_ms", ParamKind.Number, Default: 200.0) { Min = 0, MinExclusive = true },
        new("max_batch_tokens", ParamKind.Whole, Default: 512L) { Min = 1 },
        new("max_running", ParamKind.Whole, Default: 16L) { Min = 1 },
        new("chunked_prefill", ParamKind.Choice, Default: "off") { Allowed = ["on", "off"] },
        new("kv_cache_mib", ParamKind.Number, Default: 64.0) { Min = 0, MinExclusive = true },
        new("kv_block_tokens", ParamKind.Whole, Default: 16L) { Min = 1 },
        new("seed", ParamKind.Whole, Default: 1L) { Min = 0 },

        // No default: a case that does not name it keeps the id it had before it existed (fp32 experts).
        new("weight_dtype", ParamKind.DType) { Allowed = CommonParams.LowPrecision },
        CommonParams.GroupSize("weight_dtype"),
    ];

    private static readonly ParamSpec[] Lengths =
    [
        new("prompt_lengths", ParamKind.Text, Default: "uniform:32:128") { Check = CheckLengths },
        new("output_lengths", ParamKind.Text, Default: "uniform:8:32") { Check = CheckLengths },
    ];

    public static IReadOnlyList<OpSchema> Schemas { get; } =
    [
        new(Offline, [.. Common, .. Lengths], []),
        new(SingleStream, [.. Common, .. Lengths], []),
        new(Server, Common,
        [
            new ParamForm("rate",
            [
                new("rate", ParamKind.Number, Required: true) { Min = 0, MinExclusive = true },
                new("burstiness", ParamKind.Number, Default: 1.0) { Min = 0, MinExclusive = true },
                .. Lengths,
            ]),
            new ParamForm("trace",
            [
                new("trace", ParamKind.Text, Required: true) { Check = TraceFiles.Problem },
                new("speed", ParamKind.Number, Default: 1.0) { Min = 0, MinExclusive = true },
                new("length_scale", ParamKind.Number, Default: 1.0) { Min = 0, MinExclusive = true },
            ]),
        ]),
    ];

    public static ScenarioCatalog Catalog { get; } = new(Schemas);

    private static string? CheckLengths(string text) => LengthDistribution.TryParse(text, out _, out var error) ? null : error;
}

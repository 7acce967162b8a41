using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Quant;
using MoeBench.Serving.Load;
using MoeBench.Serving.Metrics;

namespace MoeBench.Serving.Scenarios;

/// <summary>Where a scenario's requests come from: drawn from distributions, or replayed from a trace.</summary>
public abstract record RequestSource;

/// <summary>Arrivals from a process, lengths from distributions.</summary>
public sealed record DrawnRequests(IArrivalProcess Arrivals, LengthDistribution Prompt, LengthDistribution Output) : RequestSource;

/// <summary>A trace file replayed.</summary>
public sealed record ReplayedTrace(string Path, TraceReplay Replay) : RequestSource;

/// <summary>One scenario case's parameters, typed: code reads this record, never the parameter strings.</summary>
public sealed record ScenarioSettings(
    string Scenario,
    RequestSource Source,
    double MinDurationSeconds,
    int MinQueries,
    int Warmup,
    double MaxDurationSeconds,
    SloLimits Slo,
    ServingEngineOptions Engine)
{
    public const long Mib = 1L << 20;

    public static ScenarioSettings Read(CaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var schema = ServingScenarios.Schemas.FirstOrDefault(s => s.Name == spec.Name)
            ?? throw new ArgumentException($"unknown serving scenario '{spec.Name}'");
        var p = new ParamValues(schema, spec.Params);
        RequestSource source = spec.Name switch
        {
            ServingScenarios.Server when p.Has("trace") =>
                new ReplayedTrace(p.Text("trace"), new TraceReplay(p.Number("speed"), p.Number("length_scale"))),
            ServingScenarios.Server => Drawn(p, new GammaArrivals(p.Number("rate"), p.Number("burstiness"))),
            // single_stream's arrivals are set by the driver: each request arrives when the one before it finished.
            _ => Drawn(p, new OfflineArrivals()),
        };
        var engine = new ServingEngineOptions(
            p.Text("model"),
            p.Whole("layers"),
            p.Whole("max_batch_tokens"),
            p.Whole("max_running"),
            p.Text("chunked_prefill") == "on",
            (long)(p.Number("kv_cache_mib") * Mib),
            p.Whole("kv_block_tokens"),
            p.Whole("seed"),
            p.Has("weight_dtype") ? WeightFormat.Of(p.DType("weight_dtype"), p.Has("group_size") ? p.Whole("group_size") : 0) : WeightFormat.F32);
        return new ScenarioSettings(
            spec.Name, source, p.Number("min_duration_s"), p.Whole("min_queries"), p.Whole("warmup"), p.Number("max_duration_s"),
            new SloLimits(p.Number("ttft_slo_ms"), p.Number("tpot_slo_ms")), engine);
    }

    private static DrawnRequests Drawn(ParamValues p, IArrivalProcess arrivals) =>
        new(arrivals, LengthDistribution.Parse(p.Text("prompt_lengths")), LengthDistribution.Parse(p.Text("output_lengths")));
}

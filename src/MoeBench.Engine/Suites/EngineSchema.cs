using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Engine.Suites;

/// <summary>
/// The <c>engine:</c> section of a suite as data: each key's spec, the value it has in
/// <see cref="EngineSettings.Default"/>, and how it maps onto <see cref="EngineSettings"/>.
/// </summary>
public static class EngineSchema
{
    public sealed record Field(
        ParamSpec Spec,
        Func<EngineSettings, object> Get,
        Func<EngineSettings, object, EngineSettings> Set);

    public static IReadOnlyList<Field> Fields { get; } =
    [
        Millis("warmup_ms", exclusive: true, s => s.WarmupTime, (s, t) => s with { WarmupTime = t }),
        Millis("target_sample_ms", exclusive: true, s => s.TargetSampleTime, (s, t) => s with { TargetSampleTime = t }),
        Int("min_samples", 2, s => s.MinSamples, (s, v) => s with { MinSamples = v }),
        Int("max_samples", 2, s => s.MaxSamples, (s, v) => s with { MaxSamples = v }, atLeast: "min_samples"),
        Millis("min_time_ms", exclusive: false, s => s.MinTime, (s, t) => s with { MinTime = t }),
        Millis("max_time_ms", exclusive: false, s => s.MaxTime, (s, t) => s with { MaxTime = t }, atLeast: "min_time_ms"),
        Int("seed", int.MinValue, s => s.Seed, (s, v) => s with { Seed = v }),
        Int("rounds", 1, s => s.Rounds, (s, v) => s with { Rounds = v }),
        new(
            new ParamSpec("cold_working_set_mb", ParamKind.Whole) { Min = 1, Max = int.MaxValue },
            s => s.ColdWorkingSetBytes >> 20,
            (s, v) => s with { ColdWorkingSetBytes = (long)v << 20 }),
    ];

    public static IEnumerable<string> Names => Fields.Select(f => f.Spec.Name);

    private static Field Millis(
        string name, bool exclusive, Func<EngineSettings, TimeSpan> get, Func<EngineSettings, TimeSpan, EngineSettings> set,
        string? atLeast = null) => new(
        new ParamSpec(name, ParamKind.Number) { Min = 0, MinExclusive = exclusive, AtLeast = atLeast },
        s => get(s).TotalMilliseconds,
        (s, v) => set(s, TimeSpan.FromMilliseconds((double)v)));

    private static Field Int(
        string name, long min, Func<EngineSettings, int> get, Func<EngineSettings, int, EngineSettings> set,
        string? atLeast = null) => new(
        new ParamSpec(name, ParamKind.Whole) { Min = min, Max = int.MaxValue, AtLeast = atLeast },
        s => (long)get(s),
        (s, v) => set(s, checked((int)(long)v)));
}

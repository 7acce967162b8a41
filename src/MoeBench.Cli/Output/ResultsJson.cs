using System.Text.Json;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Cli;

/// <summary>
/// The machine-readable form of a run: <c>{"run": {...}, "results": [...]}</c>, snake_case, invariant numbers
/// (Utf8JsonWriter never localises), nulls where a figure does not exist (e.g. timings of a failed case). Each result
/// keeps today's kernel/layer fields and adds its evaluator and a <c>metrics</c> object (<see cref="MetricsJson"/>).
/// </summary>
public static class ResultsJson
{
    /// <param name="timelines">Where given, each serving result also carries its <c>serving</c> records (<see cref="ServingTimelineJson"/>).</param>
    public static void Write(Stream stream, RunRecord run, IReadOnlyList<StoredResult> results, Func<long, ServingTimeline?>? timelines = null)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WritePropertyName("run");
        WriteRun(w, run);
        w.WriteStartArray("results");
        foreach (var r in results)
        {
            WriteResult(w, r.Result, timelines?.Invoke(r.Id));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter w, RunRecord run)
    {
        var c = run.Context;
        w.WriteStartObject();
        w.WriteNumber("id", run.Id);
        w.WriteString("status", run.Status.ToName());
        w.WriteString("suite", c.SuiteName);
        w.WriteString("suite_hash", c.SuiteHash);
        w.WriteString("purpose", c.Purpose.ToName());
        w.WriteString("turns", RunTurns.Group(run));
        w.WriteString("commit", c.GitCommit);
        w.WriteString("branch", c.GitBranch);
        w.WriteBoolean("dirty", c.GitDirty);
        w.WriteString("started_utc", c.StartedUtc.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (run.EndedUtc is { } ended)
        {
            w.WriteString("ended_utc", ended.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("ended_utc");
        }

        w.WriteString("tool_version", c.ToolVersion);
        w.WriteString("host", c.Host);
        w.WriteString("os", c.Os);
        w.WriteString("runtime", c.Runtime);
        w.WriteString("cpu_model", c.CpuModel);
        w.WriteNumber("cpu_cores", c.CpuCores);
        w.WriteString("cpu_isa", c.CpuIsa);
        w.WriteStartArray("accelerators");
        foreach (var a in c.Accelerators)
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            w.WriteString("vendor", a.Vendor);
            w.WriteString("driver", a.Driver);
            w.WriteNumber("memory_bytes", a.MemoryBytes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (run.Contention is { } contention)
        {
            w.WriteStartObject("contention");
            w.WriteBoolean("contended", contention.Contended);
            w.WriteBoolean("beside_another_run", contention.BesideAnotherRun);
            w.WriteNumber("others_cpu_mean", contention.OthersCpuMean);
            w.WriteNumber("others_cpu_peak", contention.OthersCpuPeak);
            w.WriteNumber("samples", contention.Samples);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("contention");
        }

        w.WriteNumber("seed", c.Seed);
        w.WriteStartObject("environment");
        foreach (var (key, value) in c.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, CaseResult r, ServingTimeline? timeline)
    {
        w.WriteStartObject();
        w.WriteString("case_id", r.Case.Id);
        w.WriteString("level", r.Case.Level.ToName());
        w.WriteString("name", r.Case.Name);
        w.WritePropertyName("params");
        r.Case.Params.WriteTo(w);
        w.WriteString("device", r.Device.Id);
        w.WriteString("device_identity", r.Device.IdentityKey);
        w.WriteString("device_model", r.Device.Model);
        w.WriteString("device_timer", r.Device.Timer);
        w.WriteString("device_roof_source", r.Device.RoofSource);
        WriteNumber(w, "device_peak_gflops_f32", double.IsNaN(r.Device.PeakFlopsF32) ? null : r.Device.PeakFlopsF32 / 1e9);
        WriteNumber(w, "device_peak_gflops_integer", double.IsNaN(r.Device.PeakFlopsInteger) ? null : r.Device.PeakFlopsInteger / 1e9);
        WriteNumber(w, "device_bandwidth_gbps", double.IsNaN(r.Device.BandwidthBytesPerSecond) ? null : r.Device.BandwidthBytesPerSecond / 1e9);
        w.WriteString("provenance", r.Provenance.ToName());
        w.WriteString("evaluator", r.Evaluator);
        w.WriteString("status", r.Status.ToName());
        WriteNullable(w, "failure_reason", r.FailureReason);
        WriteNumber(w, "rel_error", r.RelativeError);
        WriteNumber(w, "median_ns", r.Statistics?.MedianNs);
        WriteNumber(w, "mean_ns", r.Statistics?.MeanNs);
        WriteNumber(w, "min_ns", r.Statistics?.MinNs);
        WriteNumber(w, "p10_ns", r.Statistics?.P10Ns);
        WriteNumber(w, "p90_ns", r.Statistics?.P90Ns);
        WriteNumber(w, "p99_ns", r.Statistics?.P99Ns);
        WriteNumber(w, "mad_ns", r.Statistics?.MadNs);
        WriteNumber(w, "ci95_lower_ns", r.Statistics?.CiLowerNs);
        WriteNumber(w, "ci95_upper_ns", r.Statistics?.CiUpperNs);
        w.WriteNumber("sample_count", r.SamplesNs.Count);
        w.WriteNumber("invocations_per_sample", r.InvocationsPerSample);
        WriteNumber(w, "tokens_per_s", r.Metrics?.TokensPerSecond);
        WriteNumber(w, "gflops", r.Metrics?.Gflops);
        WriteNumber(w, "gbps", r.Metrics?.Gbps);
        WriteNumber(w, "pct_of_peak", r.Metrics?.PctOfPeak);
        WriteNullable(w, "bound", r.Metrics?.Bound);
        WriteNullable(w, "roof_tier", r.Metrics?.RoofTier);
        if (r.Metrics is { } metrics)
        {
            // True where pct_of_peak is above 100: the result beat its roof, kept as measured and flagged, never clamped.
            w.WriteBoolean("roof_exceeded", metrics.RoofExceeded);
        }

        if (r.SampleBandwidths is { Count: > 0 } probed)
        {
            // The bandwidth each sample was held to — the faster of the calibrated figure and the probes beside it
            // (pct_of_peak is against it, sample by sample): its spread shows how far the host's memory rose above the
            // calibration while the case ran. A probed result's device carries their median.
            w.WriteStartObject("probed_bandwidth_gbps");
            w.WriteNumber("min", probed.Min() / 1e9);
            w.WriteNumber("median", r.Device.BandwidthBytesPerSecond / 1e9);
            w.WriteNumber("max", probed.Max() / 1e9);
            w.WriteEndObject();
        }
        w.WriteNumber("flops", r.Cost.Flops);
        w.WriteNumber("integer_flops", r.Cost.IntegerFlops);
        w.WriteNumber("bytes", r.Cost.Bytes);
        w.WriteString("cache", r.Cache);
        w.WriteNumber("seed", r.Seed);
        if (r.Load is { } load)
        {
            w.WriteStartObject("load");
            w.WriteNumber("max_over_mean", load.MaxOverMean);
            w.WriteNumber("cv", load.CoefficientOfVariation);
            w.WriteNumber("dropped_tokens", load.DroppedTokens);
            w.WriteStartArray("tokens_per_expert");
            foreach (var n in load.TokensPerExpert)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("load");
        }

        if (r.Profile is { } profile)
        {
            w.WriteStartObject("profile");
            w.WriteNumber("non_gemm_share", profile.NonGemmShare);
            w.WriteStartArray("phases");
            foreach (var phase in profile.Phases)
            {
                w.WriteStartObject();
                w.WriteString("name", phase.Name);
                w.WriteNumber("median_ns", phase.MedianNs);
                w.WriteBoolean("gemm", phase.IsGemm);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("profile");
        }

        MetricsJson.Write(w, r.AllMetrics);
        if (timeline is not null)
        {
            ServingTimelineJson.Write(w, timeline);
        }

        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}

using System.Text.Json;
using MoeBench.Core.Results;

namespace MoeBench.Cli;

/// <summary>
/// A serving result's records as JSON: <c>"serving": {"kv_blocks_total", "requests": [...], "steps": [...]}</c>,
/// times in seconds from the start of the serving run, <c>null</c> first token or finish for a request the run cut.
/// </summary>
public static class ServingTimelineJson
{
    public static void Write(Utf8JsonWriter w, ServingTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(timeline);
        w.WriteStartObject("serving");
        w.WriteNumber("kv_blocks_total", timeline.KvBlocksTotal);
        w.WriteStartArray("requests");
        foreach (var r in timeline.Requests)
        {
            w.WriteStartObject();
            w.WriteNumber("id", r.Id);
            w.WriteBoolean("warmup", r.Warmup);
            w.WriteNumber("arrival_s", r.ArrivalSeconds);
            Nullable(w, "first_token_s", r.FirstTokenSeconds);
            Nullable(w, "finish_s", r.FinishSeconds);
            w.WriteNumber("prompt_tokens", r.PromptTokens);
            w.WriteNumber("output_tokens", r.OutputTokens);
            w.WriteNumber("preemptions", r.Preemptions);
            w.WriteNumber("prefix_tokens_reused", r.PrefixTokensReused);
            w.WriteStartArray("token_s");
            foreach (var t in r.TokenSeconds)
            {
                w.WriteNumberValue(t);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (var s in timeline.Steps)
        {
            w.WriteStartObject();
            w.WriteNumber("index", s.Index);
            w.WriteNumber("start_s", s.StartSeconds);
            w.WriteNumber("end_s", s.EndSeconds);
            w.WriteNumber("prefill_tokens", s.PrefillTokens);
            w.WriteNumber("decode_tokens", s.DecodeTokens);
            w.WriteNumber("running", s.RunningRequests);
            w.WriteNumber("waiting", s.WaitingRequests);
            w.WriteNumber("kv_blocks_used", s.KvBlocksUsed);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

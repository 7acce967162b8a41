using System.Text.Json;
using System.Text.Json.Nodes;
using MoeBench.Core.Results;
using MoeBench.Engine.Suites;

namespace MoeBench.Cli.Commands;

/// <summary>
/// The settings stored with a run: <c>{"engine": {...}, "gate": {...}}</c>. The gate section travels with the run,
/// so a later <c>moebench gate</c> applies the thresholds of the suite the candidate was measured with.
/// </summary>
public static class RunSettingsJson
{
    public static string Write(Suite suite) => new JsonObject
    {
        ["engine"] = JsonSerializer.SerializeToNode(suite.Settings),
        ["gate"] = JsonNode.Parse(suite.Gate.ToJson()),
    }.ToJsonString();

    /// <summary>The gate settings of a stored run; none for runs stored before settings had a gate section.</summary>
    public static GateSettings Gate(RunRecord run)
    {
        try
        {
            return JsonNode.Parse(run.Context.Settings) is JsonObject o && o["gate"] is { } gate
                ? GateSettings.FromJson(gate.ToJsonString())
                : GateSettings.None;
        }
        catch (JsonException)
        {
            return GateSettings.None;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using MoeBench.Core.Results;
using MoeBench.Engine.Suites;
using MoeBench.Reporting.Selection;

namespace MoeBench.Cli.Commands;

/// <summary>
/// The settings stored with a run: <c>{"engine": {...}, "gate": {...}}</c>, and <c>"turns": GROUP</c> for a run
/// measured in turns (<see cref="RunTurns"/>). The gate section travels with the run, so a later <c>moebench gate</c>
/// applies the thresholds of the suite the candidate was measured with.
/// </summary>
public static class RunSettingsJson
{
    public static string Write(Suite suite, string? turnsGroup = null)
    {
        var settings = new JsonObject
        {
            ["engine"] = JsonSerializer.SerializeToNode(suite.Settings),
            ["gate"] = JsonNode.Parse(suite.Gate.ToJson()),
        };
        if (turnsGroup is not null)
        {
            settings[RunTurns.SettingsKey] = turnsGroup;
        }

        return settings.ToJsonString();
    }

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

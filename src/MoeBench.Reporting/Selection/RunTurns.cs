using System.Text.Json;
using System.Text.Json.Nodes;
using MoeBench.Core.Results;

namespace MoeBench.Reporting.Selection;

/// <summary>
/// The group a run measured in turns with (<c>moebench run --turns GROUP</c>, as <c>gate-check</c> starts them), as its
/// stored settings hold it: runs of one group took the machine one measurement at a time, so each round of one met the
/// same phases of the host as the same round of the others.
/// </summary>
public static class RunTurns
{
    /// <summary>The key of the group in a run's settings JSON.</summary>
    public const string SettingsKey = "turns";

    /// <summary>The run's group; null when it measured alone (or its settings cannot be read).</summary>
    public static string? Group(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return JsonNode.Parse(run.Context.Settings) is JsonObject o && o[SettingsKey] is JsonValue v && v.TryGetValue<string>(out var group)
                ? group
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether two selections are one run each, measured in turns with each other.</summary>
    public static bool Interleaved(RunSelection baseline, RunSelection candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        return baseline.Runs.Count == 1 && candidate.Runs.Count == 1 && baseline.Runs[0].Id != candidate.Runs[0].Id
            && Group(baseline.Runs[0]) is { } group && string.Equals(group, Group(candidate.Runs[0]), StringComparison.Ordinal);
    }
}

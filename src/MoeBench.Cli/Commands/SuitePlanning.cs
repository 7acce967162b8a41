using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Devices;
using MoeBench.Engine.Running;
using MoeBench.Engine.Suites;

namespace MoeBench.Cli.Commands;

/// <summary>Loads a suite and turns it into (case, device) pairs, or explains why not — before any work starts.</summary>
public static class SuitePlanning
{
    /// <param name="Devices">The available devices the plan runs on, as discovered while checking it; empty without a registry.</param>
    public sealed record Plan(Suite Suite, IReadOnlyList<PlannedMeasurement> Measurements, IReadOnlyList<DeviceEntry> Devices);

    public static Plan? Load(string path, string? device, string? filter, DeviceRegistry? registry, TextWriter error)
    {
        var loaded = SuiteLoader.Load(path, scenarios: ServingWiring.Scenarios);
        if (loaded.Suite is null || loaded.Errors.Count > 0)
        {
            foreach (var e in loaded.Errors)
            {
                error.WriteLine($"error: {e}");
            }

            return null;
        }

        var suite = loaded.Suite;
        var chosen = suite.Cases.Where(c => filter is null || CaseFilter.Matches(filter, c)).ToList();
        if (MemoryFit.FirstMisfit(path, chosen, OpCatalog.Default, MemoryFit.Available()) is { } misfit)
        {
            error.WriteLine($"error: {misfit}");
            return null;
        }

        if (chosen.Where(c => c.Spec.Level == CaseLevel.Scenario).Select(c => (Case: c, Problem: ServingWiring.Problem(c.Spec))).FirstOrDefault(p => p.Problem is not null) is { Problem: { } problem } found)
        {
            error.WriteLine($"error: {path}:{found.Case.Line}: {found.Case.Spec.Label}: {problem}");
            return null;
        }

        var measurements = chosen
            .SelectMany(c => (device is null ? c.Devices : [device]).Select(d => new PlannedMeasurement(c.Spec, d)))
            .ToList();
        if (measurements.Count == 0)
        {
            error.WriteLine($"error: {path}: no case matches{(filter is null ? "" : $" filter '{filter}'")}");
            return null;
        }

        var devices = new List<DeviceEntry>();
        if (registry is not null)
        {
            var entries = registry.Discover();
            foreach (var id in measurements.Select(m => m.DeviceId).Distinct())
            {
                var entry = registry.Find(id, entries);
                if (entry is null || !entry.IsAvailable)
                {
                    error.WriteLine(entry is null
                        ? $"error: unknown device '{id}' (known: {string.Join(", ", entries.Select(e => e.Id))})"
                        : $"error: device '{id}' is unavailable: {entry.UnavailableReason}");
                    return null;
                }

                devices.Add(entry);
            }
        }

        return new Plan(suite, measurements, devices);
    }
}

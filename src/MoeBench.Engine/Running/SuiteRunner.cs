using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Measurement;

namespace MoeBench.Engine.Running;

/// <summary>One (case, device) pair of a run's plan.</summary>
public sealed record PlannedMeasurement(CaseSpec Spec, string DeviceId);

/// <summary>Where a run stands, for progress display.</summary>
public sealed record RunProgress(int Done, int Total, PlannedMeasurement Current, CaseResult? Last);

/// <summary>
/// Runs a plan device by device (each opened once, disposed after), handing every result to
/// <paramref name="sink"/> the moment it is measured so an interrupted run keeps all it measured.
/// </summary>
public sealed class SuiteRunner(DeviceRegistry registry, CaseMeasurer measurer)
{
    public void Run(
        IReadOnlyList<PlannedMeasurement> plan, Action<CaseResult> sink, Action<RunProgress> progress, CancellationToken cancellation)
    {
        var done = 0;
        foreach (var group in plan.GroupBy(p => p.DeviceId))
        {
            var entry = registry.Find(group.Key);
            if (!entry.IsAvailable)
            {
                throw new InvalidOperationException($"device '{group.Key}' is unavailable: {entry.UnavailableReason}");
            }

            using var device = entry.Open!();
            foreach (var item in group)
            {
                cancellation.ThrowIfCancellationRequested();
                progress(new RunProgress(done, plan.Count, item, null));
                var result = measurer.Measure(item.Spec, device, cancellation);
                sink(result);
                done++;
                progress(new RunProgress(done, plan.Count, item, result));
            }
        }
    }
}

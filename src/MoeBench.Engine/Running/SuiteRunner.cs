using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Measurement;

namespace MoeBench.Engine.Running;

/// <summary>One (case, device) pair of a run's plan.</summary>
public sealed record PlannedMeasurement(CaseSpec Spec, string DeviceId);

/// <summary>Where a run stands, for progress display; <paramref name="Skipped"/> says why a pair was not measured.</summary>
public sealed record RunProgress(int Done, int Total, PlannedMeasurement Current, CaseResult? Last, string? Skipped = null);

/// <summary>
/// Runs a plan device by device (each opened once, disposed after), handing every result to
/// <paramref name="sink"/> the moment it is measured so an interrupted run keeps all it measured.
/// </summary>
public sealed class SuiteRunner(DeviceRegistry registry, CaseMeasurer measurer)
{
    public void Run(
        IReadOnlyList<PlannedMeasurement> plan, int rounds, Action<CaseResult> sink, Action<RunProgress> progress, CancellationToken cancellation)
    {
        var done = 0;
        var total = plan.Count * Math.Max(rounds, 1);
        var earlier = new CaseResult?[plan.Count];
        for (var round = 0; round < Math.Max(rounds, 1); round++)
        {
            var last = round == Math.Max(rounds, 1) - 1;
            foreach (var group in plan.Select((item, index) => (item, index)).GroupBy(p => p.item.DeviceId))
            {
                var entry = registry.Find(group.Key);
                if (!entry.IsAvailable)
                {
                    throw new InvalidOperationException($"device '{group.Key}' is unavailable: {entry.UnavailableReason}");
                }

                using var device = entry.Open!();
                foreach (var (item, index) in group)
                {
                    cancellation.ThrowIfCancellationRequested();
                    done++;
                    if (Unsupported(item.Spec, device) is { } reason)
                    {
                        progress(new RunProgress(done, total, item, null, reason));
                        continue;
                    }

                    if (round > 0 && earlier[index] is not { Status: ResultStatus.Ok })
                    {
                        continue; // failed validation in round one: never timed
                    }

                    progress(new RunProgress(done - 1, total, item, null));
                    var result = measurer.Measure(item.Spec, device, cancellation, earlier[index]);
                    earlier[index] = result;
                    if (last || result.Status != ResultStatus.Ok)
                    {
                        sink(result);
                    }

                    progress(new RunProgress(done, total, item, result));
                }
            }
        }
    }

    /// <summary>
    /// A device that lacks an op (a BLAS library has no gate) skips the case rather than failing it: a failure
    /// means a wrong result, and this is no result at all. A layer needs every op.
    /// </summary>
    private static string? Unsupported(CaseSpec spec, IDevice device)
    {
        if (!DTypeNames.TryParse(spec.Params.GetString("dtype", "f32"), out var dtype))
        {
            return $"unknown dtype '{spec.Params.GetString("dtype", "")}'";
        }

        IEnumerable<OpKind> ops = spec.Level == CaseLevel.Layer
            ? Enum.GetValues<OpKind>()
            : OpNames.TryParse(spec.Name, out var op) ? [op] : [];
        var missing = ops.Where(o => !device.Supports(o, dtype)).Select(o => o.ToName()).ToList();
        if (missing.Count == 0 && DTypeNames.TryParse(spec.Params.GetString("weight_dtype", "f32"), out var weights)
            && weights != DType.F32 && !device.Supports(OpKind.QuantGroupedGemm, weights))
        {
            return $"{device.Info.Id} does not support {weights.ToName()} weights";
        }

        return missing.Count == 0 ? null : $"{device.Info.Id} does not support {string.Join(", ", missing)} ({dtype.ToName()})";
    }
}

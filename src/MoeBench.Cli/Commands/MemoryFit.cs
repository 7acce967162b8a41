using System.Globalization;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Engine.Suites;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Refuses, before anything is allocated, a case whose buffers cannot fit this machine's memory: a suite asking for
/// 100 million tokens would otherwise grow the process to the heap limit for minutes and store a failed run. A case
/// needs its buffers (<see cref="IOpDefinition.Footprint"/>) and as much again for the float64 reference it is checked
/// against, so one is refused when twice its buffers exceed the memory the runtime may use.
/// </summary>
public static class MemoryFit
{
    /// <summary>The first case that does not fit, as a one-line error naming the file, line and case; null when all fit.</summary>
    public static string? FirstMisfit(string path, IEnumerable<PlannedCase> cases, OpCatalog ops, double availableBytes)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(ops);
        foreach (var c in cases.Where(c => c.Spec.Level is CaseLevel.Kernel or CaseLevel.Layer))
        {
            var buffers = ops.For(c.Spec).Footprint(c.Spec);
            if (2 * buffers > availableBytes)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{path}:{c.Line}: {c.Spec.Label}: its buffers need {Gb(buffers)} GB, and its float64 check as much again — more than the {Gb(availableBytes)} GB of memory here; refused before anything runs");
            }
        }

        return null;
    }

    /// <summary>The memory this process may use: the machine's, or its container's limit.</summary>
    public static double Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private static string Gb(double bytes) => (bytes / 1e9).ToString(bytes >= 1e12 ? "0" : "0.0", CultureInfo.InvariantCulture);
}

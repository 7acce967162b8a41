using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>
/// The expert assignment a routed case draws from its seed. Its definition (for the cost) and its workload (for
/// the inputs) draw the same one, which is what lets the cost be known without a device.
/// </summary>
public static class SeededRouting
{
    /// <summary>The seeded stream every routed op and layer samples its routing from.</summary>
    public const string Stream = "routing";

    public static int[] Assign(LoadDistribution routing, int tokens, int experts, int topK, int seed) =>
        routing.Sample(tokens, experts, topK, SeededInputs.For(seed, Stream));

    /// <summary>Rows each of <paramref name="experts"/> experts computes after dispatch with <paramref name="capacity"/>.</summary>
    public static int[] RowsPerExpert(int[] assignment, int experts, int capacity) =>
        RowsPerExpert(ReferenceOps.DispatchPlan(assignment, experts, capacity).Offsets);

    private static int[] RowsPerExpert(int[] offsets) => [.. Enumerable.Range(0, offsets.Length - 1).Select(e => offsets[e + 1] - offsets[e])];
}

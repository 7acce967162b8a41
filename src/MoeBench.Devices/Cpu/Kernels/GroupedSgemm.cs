namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// The expert FFN product of a Mixture-of-Experts layer: rows routed to expert g multiply expert g's weights.
/// All non-empty groups run in one parallel region (work items = group × column chunk × row block); an empty
/// group's weights are never read, since at decode sizes streaming the active experts' weights IS the cost.
/// The float64 reference is <c>MoeBench.Core.Reference.ReferenceOps.GroupedGemm</c>.
/// </summary>
public static unsafe class GroupedSgemm
{
    /// <summary>
    /// For each group g: C[offsets[g]..offsets[g+1]) = A[same rows]·B[g]. A is row-major [rows × k], C [rows × n],
    /// both dense; <paramref name="offsets"/> holds groups + 1 non-decreasing row offsets.
    /// </summary>
    public static void Multiply(float* a, int* offsets, PackedGroups b, float* c)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (offsets == null)
        {
            throw new ArgumentNullException(nameof(offsets));
        }

        int groups = b.Groups;
        var active = 0;
        for (var g = 0; g < groups; g++)
        {
            if (offsets[g] < 0 || offsets[g + 1] < offsets[g])
            {
                throw new ArgumentException($"offsets must be non-negative and non-decreasing; offsets[{g}..{g + 1}] = {offsets[g]}, {offsets[g + 1]}.", nameof(offsets));
            }

            active += offsets[g + 1] > offsets[g] ? 1 : 0;
        }

        if (active == 0)
        {
            return;
        }

        if (a == null || c == null)
        {
            throw new ArgumentNullException(a == null ? nameof(a) : nameof(c));
        }

        Span<GemmTask> tasks = active <= 64 ? stackalloc GemmTask[active] : new GemmTask[active];
        var t = 0;
        for (var g = 0; g < groups; g++)
        {
            int r0 = offsets[g];
            int rows = offsets[g + 1] - r0;
            if (rows > 0)
            {
                tasks[t++] = GemmTask.For(a + ((long)r0 * b.K), b.K, b[g], c + ((long)r0 * b.N), b.N, rows, accumulate: false);
            }
        }

        fixed (GemmTask* taskPointer = tasks)
        {
            GemmRunner.Run(taskPointer, active, b.Isa);
        }

        GC.KeepAlive(b);
    }
}

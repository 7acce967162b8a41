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
    public static void Multiply(float* a, int* offsets, PackedGroups b, float* c) => Multiply(a, null, offsets, b, c);

    /// <summary>
    /// <see cref="Multiply(float*, int*, PackedGroups, float*)"/> with row r of the dispatch read from
    /// a + rowIndex[r]·k (null: a + r·k): the routed rows are gathered while A is packed, never copied first.
    /// </summary>
    public static void Multiply(float* a, int* rowIndex, int* offsets, PackedGroups b, float* c) =>
        Run(a, rowIndex, offsets, b, c, null, 0);

    /// <summary>
    /// The expert up-projection and its activation in one pass: for each group g and row r of the dispatch,
    /// act[r] = silu(x_r·W_gate[g]) ⊙ (x_r·W_up[g]), x_r = x + rowIndex[r]·k (null: x + r·k). B holds each expert's
    /// W13 reordered by <see cref="GluLayout.Interleave"/>; <paramref name="scratch"/> takes [rows × b.N] partial
    /// products; <paramref name="act"/> is [rows × ffn].
    /// </summary>
    public static void MultiplySwiglu(float* x, int* rowIndex, int* offsets, PackedGroups b, int ffn, float* scratch, float* act)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(ffn, 1);
        if (b.N != GluLayout.Columns(ffn, b[0].PanelWidth))
        {
            throw new ArgumentException($"B has {b.N} columns; a SwiGLU layout of ffn {ffn} has {GluLayout.Columns(ffn, b[0].PanelWidth)}.", nameof(b));
        }

        if (act == null)
        {
            throw new ArgumentNullException(nameof(act));
        }

        Run(x, rowIndex, offsets, b, scratch, act, ffn);
    }

    private static void Run(float* a, int* rowIndex, int* offsets, PackedGroups b, float* c, float* act, int ffn)
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
                var task = GemmTask.For(rowIndex == null ? a + ((long)r0 * b.K) : a, b.K, b[g], c + ((long)r0 * b.N), b.N, rows, accumulate: false);
                task.RowIndex = rowIndex == null ? null : rowIndex + r0;
                task.Act = act == null ? null : act + ((long)r0 * ffn);
                task.Ffn = ffn;
                tasks[t++] = task;
            }
        }

        fixed (GemmTask* taskPointer = tasks)
        {
            GemmRunner.Run(taskPointer, active, b.Isa);
        }

        GC.KeepAlive(b);
    }
}

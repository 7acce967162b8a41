namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>One product C[m × n] (=|+=) A[m × k]·B, B packed. Plain data so worker threads read it through a pointer.</summary>
internal unsafe struct GemmTask
{
    public float* A;
    public nint Lda;
    public float* B;
    public long PanelStride;
    public int K;
    public int N;
    public int Panels;
    public float* C;
    public nint Ldc;
    public int M;
    public bool Accumulate;

    /// <summary>
    /// Null: row i of A is A + i·Lda. Otherwise A + RowIndex[i]·Lda — a dispatch gathered while packing, so the
    /// routed rows are never copied into a permuted buffer first.
    /// </summary>
    public int* RowIndex;

    /// <summary>
    /// Null: C is the output. Otherwise the SwiGLU epilogue: B's panels come in (gate, up) pairs (see
    /// <see cref="GluLayout"/>), C is scratch, and Act[M × Ffn] (leading dimension Ffn) receives silu(gate)·up as
    /// soon as a block of C is final, while it is still in cache.
    /// </summary>
    public float* Act;

    /// <summary>Columns of <see cref="Act"/> when the epilogue runs.</summary>
    public int Ffn;

    public static GemmTask For(float* a, nint lda, PackedMatrix b, float* c, nint ldc, int m, bool accumulate) => new()
    {
        A = a,
        Lda = lda,
        B = b.Data,
        PanelStride = b.PanelStride,
        K = b.K,
        N = b.N,
        Panels = b.Panels,
        C = c,
        Ldc = ldc,
        M = m,
        Accumulate = accumulate,
    };
}

/// <summary>Rows [Row0, Row1) × column panels [Panel0, Panel1) of one task: a disjoint block of C, so no reduction.</summary>
internal struct GemmItem
{
    public int Task;
    public int Row0;
    public int Row1;
    public int Panel0;
    public int Panel1;
}

/// <summary>What every work item of one parallel region reads.</summary>
internal unsafe struct GemmJob
{
    public GemmTask* Tasks;
    public GemmItem* Items;
}

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// One register-tile micro-kernel plus the cache blocking that feeds it. <see cref="GemmDriver{TKernel}"/> is
/// generic over a struct implementing this, so the JIT compiles one specialised driver per family with the
/// constants folded in and the tile call direct (no interface dispatch in the loop nest).
/// </summary>
internal unsafe interface IKernelFamily
{
    /// <summary>Rows of the register tile (A micro-panel height).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile; equals the packed B panel width.</summary>
    static abstract int NR { get; }

    /// <summary>K block when a work item is many tiles tall: every tile of a row block reuses the KC×NR B slice (from L1 or L2).</summary>
    static abstract int KcBig { get; }

    /// <summary>K block when a work item is one tile high (decode): no B reuse, so a long block just streams B and touches C less often.</summary>
    static abstract int KcSmall { get; }

    /// <summary>Rows of A packed at once (MC×KC stays in L2); a taller work item walks its rows in blocks of at most MC.</summary>
    static abstract int MC { get; }

    /// <summary>
    /// C[rows × cols] (=|+=) Apacked[rows × kc] · Bpanel[kc × NR]. A is packed k-major with <paramref name="rows"/>
    /// floats per k; the panel is NR floats per k, zero-padded past <paramref name="cols"/>.
    /// </summary>
    static abstract void Tile(int rows, float* a, float* b, int kc, float* c, nint ldc, int cols, bool overwrite, TilePrefetch prefetch);
}

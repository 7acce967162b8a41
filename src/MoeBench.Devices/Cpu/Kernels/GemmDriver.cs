using System.Runtime.CompilerServices;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// The Goto/BLIS loop nest around one register-tile family, B already packed at load time. A work item is rows ×
/// a run of B panels; for each K block (KC) and each block of MC rows: pack those A rows into MR-row micro-panels
/// (L2-resident), then for each B panel (its KC×NR slice is one contiguous run, reused from L1 by every
/// micro-panel) run the tile down the rows. The item's KC × width slice of B is reused from L3 by every MC block,
/// so a tall item reads its B columns from memory once.
/// </summary>
internal static unsafe class GemmDriver<TKernel>
    where TKernel : struct, IKernelFamily
{
    // A lone tile's prefetch distance in k steps: 64 steps of ≥ 4 cycles (one FMA latency) ≈ 250+ cycles, about one
    // DRAM latency; that is 4 KiB of a 16-wide panel, 8 KiB of a 32-wide one.
    private const int AheadSteps = 64;

    // K block for items 2–4 tiles tall (small-batch prefill, 7–24 rows of one expert): B is still streamed from
    // memory with little reuse, so longer contiguous slices (64–128 KiB, reused from L2) beat KcBig's 16–32 KiB L1
    // slices; measured 1.2–1.4× on k=4096 n=28672 with 8–16 rows. Slice + A block + prefetched next slice < 400 KiB.
    private const int KcFewTiles = 1024;

    [ThreadStatic]
    private static float[]? t_scratch;

    /// <summary>Work-item entry point for <see cref="CpuParallel.For"/>; context is a <see cref="GemmJob"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunItem(void* context, int index)
    {
        var job = (GemmJob*)context;
        GemmItem item = job->Items[index];
        GemmTask* t = job->Tasks + item.Task;
        int rows = item.Row1 - item.Row0;

        int kcMax = Math.Min(t->K, rows <= TKernel.MR ? TKernel.KcSmall : rows <= 4 * TKernel.MR ? KcFewTiles : TKernel.KcBig);
        int blocks = (rows + TKernel.MC - 1) / TKernel.MC;
        int mcMax = RoundUp((rows + blocks - 1) / blocks, TKernel.MR);
        float[] scratch = Scratch((mcMax * (kcMax + 1)) + 16); // + slack for ALayout's overrun of up to 6 floats
        fixed (float* scratchBase = scratch)
        {
            float* aPack = Align64(scratchBase);
            for (var k0 = 0; k0 < t->K; k0 += kcMax)
            {
                int kcValid = Math.Min(kcMax, t->K - k0);
                int kc = kcValid + (kcValid & 1); // only the last block of an odd K is odd: pad it with zeros (B's pad row is 0 too)
                bool overwrite = k0 == 0 && !t->Accumulate;
                bool last = k0 + kcMax >= t->K;
                for (int i0 = item.Row0; i0 < item.Row1; i0 += mcMax)
                {
                    int mc = Math.Min(mcMax, item.Row1 - i0);
                    int* rowIndex = t->RowIndex == null ? null : t->RowIndex + i0;
                    float* aRows = rowIndex == null ? t->A + (i0 * t->Lda) : t->A;
                    ALayout.Pack(aRows + k0, t->Lda, rowIndex, mc, kcValid, kc, TKernel.MR, aPack);
                    Block(t, aPack, mc, k0, kc, item.Panel0, item.Panel1, t->C + (i0 * t->Ldc), overwrite);
                    if (last && t->Act != null)
                    {
                        GluLayout.Epilogue(t->C + (i0 * t->Ldc), t->Ldc, mc, item.Panel0, item.Panel1, TKernel.NR, t->Act + ((long)i0 * t->Ffn), t->Ffn);
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[mc × panels] (=|+=) packed A[mc × kc] · B[k0.., panels]: B panel outer so its KC×NR slice, loaded by the
    /// first tile, is reused from L1 by the others. Prefetching keeps memory busy while the tiles compute: a lone
    /// tile (decode) prefetches its own slice <see cref="AheadSteps"/> k steps ahead, which runs on into the next panel
    /// (contiguous when the K block is all of K); T tiles each prefetch a 1/T share of the NEXT panel's slice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(GemmTask* t, float* aPack, int mc, int k0, int kc, int panel0, int panel1, float* cRows, bool overwrite)
    {
        int nr = TKernel.NR;
        nint ldc = t->Ldc;
        int tiles = 0;
        for (var i = 0; i < mc; tiles++)
        {
            i += ALayout.TileRows(mc - i, TKernel.MR);
        }

        long slice = (long)kc * nr;
        int share = (int)((slice + tiles - 1) / tiles);
        int step = ((2 * nr) + tiles - 1) / tiles;
        for (int p = panel0; p < panel1; p++)
        {
            float* bPanel = t->B + (p * t->PanelStride) + ((long)k0 * nr);
            int cols = Math.Min(nr, t->N - (p * nr));
            float* cTile = cRows + (p * nr);
            float* aTile = aPack;
            float* next = bPanel + t->PanelStride;
            var j = 0;
            for (var i = 0; i < mc; j++)
            {
                int r = ALayout.TileRows(mc - i, TKernel.MR);
                var prefetch = tiles == 1 ? new TilePrefetch(bPanel + (AheadSteps * nr), 2 * nr, toL1: true)
                    : p + 1 < panel1 ? new TilePrefetch(next + (j * share), step, toL1: false)
                    : TilePrefetch.None;
                TKernel.Tile(r, aTile, bPanel, kc, cTile, ldc, cols, overwrite, prefetch);
                aTile += r * kc;
                cTile += r * ldc;
                i += r;
            }
        }
    }

    private static float[] Scratch(int floats)
    {
        var s = t_scratch;
        if (s is null || s.Length < floats + 16)
        {
            // Pinned so the packed A block keeps its 64-byte alignment across GCs; one per thread, grown rarely.
            s = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
            t_scratch = s;
        }

        return s;
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    private static float* Align64(float* p) => (float*)(((nuint)p + 63) & ~(nuint)63);
}

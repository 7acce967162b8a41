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

        // One tile high (decode): no B reuse to protect, so a long K block streams each panel in one run.
        int kcMax = Math.Min(t->K, rows <= TKernel.MR ? TKernel.KcSmall : rows <= 4 * TKernel.MR ? 1024 : TKernel.KcBig);
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
                for (int i0 = item.Row0; i0 < item.Row1; i0 += mcMax)
                {
                    int mc = Math.Min(mcMax, item.Row1 - i0);
                    ALayout.Pack(t->A + (i0 * t->Lda) + k0, t->Lda, mc, kcValid, kc, TKernel.MR, aPack);
                    Block(t, aPack, mc, k0, kc, item.Panel0, item.Panel1, t->C + (i0 * t->Ldc), overwrite);
                }
            }
        }
    }

    /// <summary>C[mc × panels] (=|+=) packed A[mc × kc] · B[k0.., panels]: B panel outer so its slice stays in L1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(GemmTask* t, float* aPack, int mc, int k0, int kc, int panel0, int panel1, float* cRows, bool overwrite)
    {
        int nr = TKernel.NR;
        nint ldc = t->Ldc;
        for (int p = panel0; p < panel1; p++)
        {
            float* bPanel = t->B + (p * t->PanelStride) + ((long)k0 * nr);
            int cols = Math.Min(nr, t->N - (p * nr));
            float* cTile = cRows + (p * nr);
            float* aTile = aPack;
            for (var i = 0; i < mc; )
            {
                int r = ALayout.TileRows(mc - i, TKernel.MR);
                TKernel.Tile(r, aTile, bPanel, kc, cTile, ldc, cols, overwrite, stream: i == 0);
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

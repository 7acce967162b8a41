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
    public static void RunItem(void* context, int index)
    {
        var job = (GemmJob*)context;
        GemmItem item = job->Items[index];
        GemmTask* t = job->Tasks + item.Task;
        int rows = item.Row1 - item.Row0;

        // One tile high (decode): no B reuse to protect, so a long K block streams each panel in one run.
        int kcMax = Math.Min(t->K, rows <= TKernel.MR ? TKernel.KcSmall : TKernel.KcBig);
        int blocks = (rows + TKernel.MC - 1) / TKernel.MC;
        int mcMax = RoundUp((rows + blocks - 1) / blocks, TKernel.MR);
        float[] scratch = Scratch(mcMax * (kcMax + 1));
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
                    PackA(t->A + (i0 * t->Lda) + k0, t->Lda, mc, kcValid, kc, aPack);
                    Block(t, aPack, mc, k0, kc, item.Panel0, item.Panel1, t->C + (i0 * t->Ldc), overwrite);
                }
            }
        }
    }

    /// <summary>C[mc × panels] (=|+=) packed A[mc × kc] · B[k0.., panels]: B panel outer so its slice stays in L1.</summary>
    private static void Block(GemmTask* t, float* aPack, int mc, int k0, int kc, int panel0, int panel1, float* cRows, bool overwrite)
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        nint ldc = t->Ldc;
        for (int p = panel0; p < panel1; p++)
        {
            float* bPanel = t->B + (p * t->PanelStride) + ((long)k0 * nr);
            int cols = Math.Min(nr, t->N - (p * nr));
            float* cPanel = cRows + (p * nr);
            var i = 0;
            for (; i + mr <= mc; i += mr)
            {
                TKernel.Tile(mr, aPack + (i * kc), bPanel, kc, cPanel + (i * ldc), ldc, cols, overwrite);
            }

            if (i < mc)
            {
                TKernel.Tile(mc - i, aPack + (i * kc), bPanel, kc, cPanel + (i * ldc), ldc, cols, overwrite);
            }
        }
    }

    /// <summary>
    /// A[rows × kc] (leading dim lda) → micro-panels of mr rows (the last one rows % mr), each k-major with one float
    /// per row per k, so the tile's broadcasts walk one contiguous run instead of mr rows that may alias in L1.
    /// </summary>
    private static void PackA(float* a, nint lda, int rows, int kcValid, int kc, float* dst)
    {
        int mr = TKernel.MR;
        for (var i0 = 0; i0 < rows; i0 += mr)
        {
            int r = Math.Min(mr, rows - i0);
            for (var i = 0; i < r; i++)
            {
                float* src = a + ((i0 + i) * lda);
                float* d = dst + i;
                for (var p = 0; p < kcValid; p++)
                {
                    d[p * r] = src[p];
                }

                if (kc > kcValid)
                {
                    d[kcValid * r] = 0;
                }
            }

            dst += r * kc;
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

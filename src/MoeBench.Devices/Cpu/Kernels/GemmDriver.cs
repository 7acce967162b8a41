namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// The loop nest around one register-tile family (Goto/BLIS order, B already packed at load time):
/// for each K block: pack this item's A rows [rows × KC] into MR-row micro-panels (L2), then for each B panel of
/// the item (its KC×NR slice is one contiguous run, reused from L1 by every micro-panel), run the tile over the rows.
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
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        int rows = item.Row1 - item.Row0;

        // One tile high (decode): no B reuse to protect, so a long K block streams each panel in one run.
        int kcMax = Math.Min(t->K, rows <= mr ? TKernel.KcSmall : TKernel.KcBig);
        float[] scratch = Scratch(rows * (kcMax + 1));
        fixed (float* scratchBase = scratch)
        {
            float* aPack = Align64(scratchBase);
            float* aRows = t->A + (item.Row0 * t->Lda);
            float* cRows = t->C + (item.Row0 * t->Ldc);
            nint ldc = t->Ldc;
            for (var k0 = 0; k0 < t->K; k0 += kcMax)
            {
                int kcValid = Math.Min(kcMax, t->K - k0);
                int kc = kcValid + (kcValid & 1); // only the last block of an odd K is odd: pad it with zeros (B's pad row is 0 too)
                PackA(aRows + k0, t->Lda, rows, kcValid, kc, mr, aPack);
                bool overwrite = k0 == 0 && !t->Accumulate;
                for (int p = item.Panel0; p < item.Panel1; p++)
                {
                    float* bPanel = t->B + (p * t->PanelStride) + ((long)k0 * nr);
                    int cols = Math.Min(nr, t->N - (p * nr));
                    float* cPanel = cRows + (p * nr);
                    var i = 0;
                    for (; i + mr <= rows; i += mr)
                    {
                        TKernel.Tile(mr, aPack + (i * kc), bPanel, kc, cPanel + (i * ldc), ldc, cols, overwrite);
                    }

                    if (i < rows)
                    {
                        TKernel.Tile(rows - i, aPack + (i * kc), bPanel, kc, cPanel + (i * ldc), ldc, cols, overwrite);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A[rows × kc] (leading dim lda) → micro-panels of mr rows (the last one rows % mr), each k-major with one float
    /// per row per k, so the tile's broadcasts walk one contiguous run instead of mr rows that may alias in L1.
    /// </summary>
    private static void PackA(float* a, nint lda, int rows, int kcValid, int kc, int mr, float* dst)
    {
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

    private static float* Align64(float* p) => (float*)(((nuint)p + 63) & ~(nuint)63);
}

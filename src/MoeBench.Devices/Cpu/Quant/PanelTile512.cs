using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>Writes an AVX-512 quant tile (up to 8 rows of one 16-column panel) to C, the column tail included.</summary>
internal static unsafe class PanelTile512
{
    public const int MaxRows = 8;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TRows>(
        Vector512<float> t0, Vector512<float> t1, Vector512<float> t2, Vector512<float> t3,
        Vector512<float> t4, Vector512<float> t5, Vector512<float> t6, Vector512<float> t7, float* c, nint ldc, int cols)
        where TRows : struct, IRowCount
    {
        int r = TRows.Value;
        if (cols == QuantPanels.Width)
        {
            t0.Store(c);
            if (r > 1) { t1.Store(c + ldc); }
            if (r > 2) { t2.Store(c + (2 * ldc)); }
            if (r > 3) { t3.Store(c + (3 * ldc)); }
            if (r > 4) { t4.Store(c + (4 * ldc)); }
            if (r > 5) { t5.Store(c + (5 * ldc)); }
            if (r > 6) { t6.Store(c + (6 * ldc)); }
            if (r > 7) { t7.Store(c + (7 * ldc)); }
            return;
        }

        // Column tail (n % 16): spill the tile and copy the valid columns.
        var tile = stackalloc float[MaxRows * QuantPanels.Width];
        t0.Store(tile); t1.Store(tile + 16); t2.Store(tile + 32); t3.Store(tile + 48);
        t4.Store(tile + 64); t5.Store(tile + 80); t6.Store(tile + 96); t7.Store(tile + 112);
        TileTail.Write(tile, QuantPanels.Width, r, c, ldc, cols, overwrite: true);
    }
}

using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>
/// C (+)= A · B for a plain GEMM (one weight group) or a grouped GEMM (rows offsets[g]..offsets[g+1] of A times
/// weights g, [groups][k][n] row-major), in two variants of the same arithmetic: one thread per output element, and
/// 16 × 16 tiles staged through shared memory. Both accumulate in fp32 in ascending k.
/// </summary>
internal static class GemmKernels
{
    /// <summary>
    /// Tile edge of the shared-memory variant: 256 threads per group (a multiple of the 32-lane warp, well under the
    /// 1024-thread limit) and 2 × 16 × 16 fp32 = 2 KiB of shared memory per group, so many groups fit on one SM.
    /// </summary>
    public const int Tile = 16;

    /// <summary>One thread per element of C (x: column, y: row); no group barrier, so it runs well on ILGPU's CPU accelerator.</summary>
    public static void PerElement(Index2D index, ArrayView<float> a, ArrayView<int> offsets, ArrayView<float> b, ArrayView<float> c, GemmArgs args)
    {
        int col = index.X, row = index.Y;
        if (col >= args.N || row < RowGroups.First(offsets, args) || row >= RowGroups.Rows(offsets, args))
        {
            return;
        }

        long weights = (long)RowGroups.Of(offsets, args, row) * args.K * args.N;
        long aRow = (long)row * args.K;
        var sum = 0f;
        for (var p = 0; p < args.K; p++)
        {
            sum += a[aRow + p] * b[weights + ((long)p * args.N) + col];
        }

        Store(c, ((long)row * args.N) + col, sum, args);
    }

    /// <summary>
    /// One 16 × 16 tile of C per thread group (grid x: column tiles, y: row tiles). A's and B's 16 × 16 blocks are staged
    /// in shared memory so each value read from device memory serves 16 multiply-adds. A tile whose rows span several
    /// expert groups takes one pass per group present (at most 16, usually one or two), each thread adding only in
    /// its own row's pass; the group range is the same for every thread, so every barrier is reached by all of them.
    /// Empty groups are never read.
    /// </summary>
    public static void Tiled(ArrayView<float> a, ArrayView<int> offsets, ArrayView<float> b, ArrayView<float> c, GemmArgs args)
    {
        var tileA = SharedMemory.Allocate<float>(Tile * Tile);
        var tileB = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        var first = RowGroups.First(offsets, args);
        var rows = RowGroups.Rows(offsets, args);
        var row0 = Grid.IdxY * Tile;
        var col = (Grid.IdxX * Tile) + tx;
        var row = row0 + ty;
        var start = Math.Max(row0, first);
        var end = Math.Min(row0 + Tile, rows);
        if (start >= end)
        {
            return; // the whole thread group leaves together: no barrier is left waiting
        }

        var mine = row >= start && row < end ? RowGroups.Of(offsets, args, row) : -1;
        var sum = 0f;
        for (var g = RowGroups.Of(offsets, args, start); g <= RowGroups.Of(offsets, args, end - 1); g++)
        {
            if (args.Groups > 0 && offsets[g + 1] == offsets[g])
            {
                continue;
            }

            long weights = (long)g * args.K * args.N;
            for (var k0 = 0; k0 < args.K; k0 += Tile)
            {
                tileA[(ty * Tile) + tx] = mine >= 0 && k0 + tx < args.K ? a[((long)row * args.K) + k0 + tx] : 0f;
                tileB[(ty * Tile) + tx] = k0 + ty < args.K && col < args.N ? b[weights + ((long)(k0 + ty) * args.N) + col] : 0f;
                Group.Barrier();
                if (mine == g)
                {
                    for (var kk = 0; kk < Tile; kk++)
                    {
                        sum += tileA[(ty * Tile) + kk] * tileB[(kk * Tile) + tx];
                    }
                }

                Group.Barrier();
            }
        }

        if (mine >= 0 && col < args.N)
        {
            Store(c, ((long)row * args.N) + col, sum, args);
        }
    }

    private static void Store(ArrayView<float> c, long at, float sum, GemmArgs args) => c[at] = args.Accumulate != 0 ? c[at] + sum : sum;
}

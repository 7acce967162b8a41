// grouped_gemm: for each tile of grouped_tiles' list, rows of A times the fp32 weights of its group ([groups][k][n]),
// tiled through local memory as gemm is. Weights of a group with no rows are never read.
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void grouped_gemm(
    __global const float* a, __global const int* offsets, __global const int2* tiles, __global const float* b,
    __global float* c, int n, int k)
{
    const int2 tile = tiles[get_group_id(1)];
    if (tile.x < 0)
    {
        return; // the whole work-group leaves before any barrier
    }

    __local float as[TILE][TILE];
    __local float bs[TILE][TILE];
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int col = get_group_id(0) * TILE + tx;
    const int row = tile.y + ty;
    const int end = offsets[tile.x + 1];
    __global const float* w = b + (size_t)tile.x * k * n;
    float acc = 0.0f;
    for (int p0 = 0; p0 < k; p0 += TILE)
    {
        as[ty][tx] = row < end && p0 + tx < k ? a[(size_t)row * k + p0 + tx] : 0.0f;
        bs[ty][tx] = p0 + ty < k && col < n ? w[(size_t)(p0 + ty) * n + col] : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TILE; p++)
        {
            acc = fma(as[ty][p], bs[p][tx], acc);
        }

        barrier(CLK_LOCAL_MEM_FENCE);
    }

    if (row < end && col < n)
    {
        c[(size_t)row * n + col] = acc;
    }
}

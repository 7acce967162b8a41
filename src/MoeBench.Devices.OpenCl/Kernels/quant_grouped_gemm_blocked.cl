// quant_grouped_gemm_blocked: quant_grouped_gemm's product in the register-blocked form of gemm_blocked.cl (for CPU
// devices): 8 × 8 blocks, each group's weights decoded by quant_weight (quant_grouped_gemm.cl) a row of 8 at a time.
float8 quant_b8(__global const uchar* blob, int4 d, int p, int col, int n)
{
    float values[BLOCK];
    for (int j = 0; j < BLOCK; j++)
    {
        values[j] = col + j < n ? quant_weight(blob, d, p, col + j, n) : 0.0f;
    }

    return vload8(0, values);
}

__kernel void quant_grouped_gemm_blocked(
    __global const float* a, __global const int* offsets, __global const int2* tiles, __global const uchar* blob,
    __global const int4* descriptors, __global float* c, int n, int k)
{
    const int2 tile = tiles[get_global_id(1) / (TILE / BLOCK)];
    const int row = tile.y + (get_global_id(1) % (TILE / BLOCK)) * BLOCK;
    const int col = get_global_id(0) * BLOCK;
    if (tile.x < 0 || col >= n || row >= offsets[tile.x + 1])
    {
        return;
    }

    const int end = offsets[tile.x + 1];
    const int4 d = descriptors[tile.x];
    ACCUMULATE_8X8(quant_b8(blob, d, p, col, n), 0)
}

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
    __global const float* a0 = a_row(a, row, 0, end, k);
    __global const float* a1 = a_row(a, row, 1, end, k);
    __global const float* a2 = a_row(a, row, 2, end, k);
    __global const float* a3 = a_row(a, row, 3, end, k);
    __global const float* a4 = a_row(a, row, 4, end, k);
    __global const float* a5 = a_row(a, row, 5, end, k);
    __global const float* a6 = a_row(a, row, 6, end, k);
    __global const float* a7 = a_row(a, row, 7, end, k);
    float8 c0 = (float8)(0.0f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    for (int p = 0; p < k; p++)
    {
        const float8 bv = quant_b8(blob, d, p, col, n);
        c0 = fma((float8)(a0[p]), bv, c0);
        c1 = fma((float8)(a1[p]), bv, c1);
        c2 = fma((float8)(a2[p]), bv, c2);
        c3 = fma((float8)(a3[p]), bv, c3);
        c4 = fma((float8)(a4[p]), bv, c4);
        c5 = fma((float8)(a5[p]), bv, c5);
        c6 = fma((float8)(a6[p]), bv, c6);
        c7 = fma((float8)(a7[p]), bv, c7);
    }

    const float8 rows[BLOCK] = {c0, c1, c2, c3, c4, c5, c6, c7};
    for (int i = 0; i < BLOCK && row + i < end; i++)
    {
        store_c8(c + (size_t)(row + i) * n, col, n, rows[i], 0);
    }
}

// quant_grouped_gemm_blocked: quant_grouped_gemm's product in the register-blocked form of gemm_blocked.cl (for CPU
// devices), each group's weights decoded by quant_weight (quant_grouped_gemm.cl) four columns at a time.
__kernel void quant_grouped_gemm_blocked(
    __global const float* a, __global const int* offsets, __global const int2* tiles, __global const uchar* blob,
    __global const int4* descriptors, __global float* c, int n, int k)
{
    const int2 tile = tiles[get_global_id(1) / (TILE / 4)];
    const int row = tile.y + (get_global_id(1) % (TILE / 4)) * 4;
    const int col = get_global_id(0) * 4;
    if (tile.x < 0 || col >= n)
    {
        return;
    }

    const int end = offsets[tile.x + 1];
    if (row >= end)
    {
        return;
    }

    const int4 d = descriptors[tile.x];
    __global const float* a0 = a + (size_t)row * k;
    __global const float* a1 = a + (size_t)min(row + 1, end - 1) * k;
    __global const float* a2 = a + (size_t)min(row + 2, end - 1) * k;
    __global const float* a3 = a + (size_t)min(row + 3, end - 1) * k;
    float4 c0 = (float4)(0.0f), c1 = (float4)(0.0f), c2 = (float4)(0.0f), c3 = (float4)(0.0f);
    for (int p = 0; p < k; p++)
    {
        const float4 bv = (float4)(
            quant_weight(blob, d, p, col, n),
            col + 1 < n ? quant_weight(blob, d, p, col + 1, n) : 0.0f,
            col + 2 < n ? quant_weight(blob, d, p, col + 2, n) : 0.0f,
            col + 3 < n ? quant_weight(blob, d, p, col + 3, n) : 0.0f);
        c0 = fma((float4)(a0[p]), bv, c0);
        c1 = fma((float4)(a1[p]), bv, c1);
        c2 = fma((float4)(a2[p]), bv, c2);
        c3 = fma((float4)(a3[p]), bv, c3);
    }

    store_c4(c + (size_t)row * n, col, n, c0, 0);
    if (row + 1 < end) store_c4(c + (size_t)(row + 1) * n, col, n, c1, 0);
    if (row + 2 < end) store_c4(c + (size_t)(row + 2) * n, col, n, c2, 0);
    if (row + 3 < end) store_c4(c + (size_t)(row + 3) * n, col, n, c3, 0);
}

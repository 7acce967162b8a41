// The register-blocked GEMMs, for CPU devices: each work-item computes a 4 × 4 block of C in four float4 registers,
// A broadcast and B read as float4 rows straight from global memory (the CPU's caches are the tiling), no local
// memory and no barriers. On PoCL's CPU device the local-memory kernels of gemm.cl and grouped_gemm.cl split at every
// barrier into separate work-item loops that spill the accumulators; measured at 512³ on the 2-core Zen 4 machine
// (shared, best of 3): 0.5 GFLOP/s tiled 16×16 through local memory, 2.0 with 64×64 local tiles and 4×4 register
// blocks, 10.4 with this kernel. OpenClKernels picks these for CPU devices and the local-memory ones elsewhere.
//
// Rows past the end are clamped to the last row for loading (always in bounds, no branch in the loop) and never
// stored; columns past n load as zero through the guarded path of load_b4.

float4 load_b4(__global const float* b_row, int col, int n)
{
    if (col + 3 < n)
    {
        return vload4(0, b_row + col);
    }

    return (float4)(b_row[col], col + 1 < n ? b_row[col + 1] : 0.0f, col + 2 < n ? b_row[col + 2] : 0.0f, 0.0f);
}

void store_c4(__global float* c_row, int col, int n, float4 v, int accumulate)
{
    if (col + 3 < n)
    {
        vstore4(accumulate ? vload4(0, c_row + col) + v : v, 0, c_row + col);
        return;
    }

    const float values[3] = {v.x, v.y, v.z};
    for (int j = 0; j < 3 && col + j < n; j++)
    {
        c_row[col + j] = accumulate ? c_row[col + j] + values[j] : values[j];
    }
}

// C rows row..row+3 (those below `end`) (+)= A rows · B over columns col..col+3.
void block_4x4(
    __global const float* a, __global const float* b, __global float* c, int row, int end, int col, int n, int k,
    int accumulate)
{
    if (col >= n || row >= end)
    {
        return;
    }

    __global const float* a0 = a + (size_t)row * k;
    __global const float* a1 = a + (size_t)min(row + 1, end - 1) * k;
    __global const float* a2 = a + (size_t)min(row + 2, end - 1) * k;
    __global const float* a3 = a + (size_t)min(row + 3, end - 1) * k;
    float4 c0 = (float4)(0.0f), c1 = (float4)(0.0f), c2 = (float4)(0.0f), c3 = (float4)(0.0f);
    for (int p = 0; p < k; p++)
    {
        const float4 bv = load_b4(b + (size_t)p * n, col, n);
        c0 = fma((float4)(a0[p]), bv, c0);
        c1 = fma((float4)(a1[p]), bv, c1);
        c2 = fma((float4)(a2[p]), bv, c2);
        c3 = fma((float4)(a3[p]), bv, c3);
    }

    store_c4(c + (size_t)row * n, col, n, c0, accumulate);
    if (row + 1 < end) store_c4(c + (size_t)(row + 1) * n, col, n, c1, accumulate);
    if (row + 2 < end) store_c4(c + (size_t)(row + 2) * n, col, n, c2, accumulate);
    if (row + 3 < end) store_c4(c + (size_t)(row + 3) * n, col, n, c3, accumulate);
}

// gemm_blocked: C[m × n] (+)= A[m × k] · B[k × n]; work-item (x, y) computes rows 4y.., columns 4x...
__kernel void gemm_blocked(__global const float* a, __global const float* b, __global float* c, int m, int n, int k, int accumulate)
{
    block_4x4(a, b, c, get_global_id(1) * 4, m, get_global_id(0) * 4, n, k, accumulate);
}

// grouped_gemm_blocked: the grouped product over grouped_tiles' list; a TILE-row tile takes TILE / 4 work-items in y.
__kernel void grouped_gemm_blocked(
    __global const float* a, __global const int* offsets, __global const int2* tiles, __global const float* b,
    __global float* c, int n, int k)
{
    const int2 tile = tiles[get_global_id(1) / (TILE / 4)];
    if (tile.x < 0)
    {
        return;
    }

    const int row = tile.y + (get_global_id(1) % (TILE / 4)) * 4;
    block_4x4(a, b + (size_t)tile.x * k * n, c, row, offsets[tile.x + 1], get_global_id(0) * 4, n, k, 0);
}

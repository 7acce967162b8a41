// The register-blocked GEMMs, for CPU devices: each work-item computes an 8 × 8 block of C in eight float8
// registers, A broadcast and B read as float8 rows straight from global memory (the CPU's caches are the tiling), no
// local memory and no barriers. On PoCL's CPU device the local-memory kernels of gemm.cl and grouped_gemm.cl split at
// every barrier into separate work-item loops that spill the accumulators. Measured on the 2-core Zen 4 machine
// (shared, best of 3), GFLOP/s at 512³: 0.5 tiled 16×16 through local memory, 2.0 with 64×64 local tiles and 4×4
// register blocks, 10.4 with 4×4 float4 register blocks; at 1024³: 3.6 with 4×4 float4 blocks, 15.9 with these 8×8
// float8 blocks. OpenClKernels picks these for CPU devices and the local-memory ones elsewhere.
//
// Rows past the end are clamped to the last row for loading (always in bounds, no branch in the loop) and never
// stored; columns past n load as zero through the guarded path of load_b8.
#define BLOCK 8

float8 load_b8(__global const float* b_row, int col, int n)
{
    if (col + BLOCK <= n)
    {
        return vload8(0, b_row + col);
    }

    float values[BLOCK];
    for (int j = 0; j < BLOCK; j++)
    {
        values[j] = col + j < n ? b_row[col + j] : 0.0f;
    }

    return vload8(0, values);
}

void store_c8(__global float* c_row, int col, int n, float8 v, int accumulate)
{
    if (col + BLOCK <= n)
    {
        vstore8(accumulate ? vload8(0, c_row + col) + v : v, 0, c_row + col);
        return;
    }

    float values[BLOCK];
    vstore8(v, 0, values);
    for (int j = 0; col + j < n; j++)
    {
        c_row[col + j] = accumulate ? c_row[col + j] + values[j] : values[j];
    }
}

// Row `row + i` of A, or the last row below `end` where that is past it (loaded, never stored).
__global const float* a_row(__global const float* a, int row, int i, int end, int k)
{
    return a + (size_t)min(row + i, end - 1) * k;
}

// The body of an 8 × 8 block, shared by the f32 and the quantized products (OpenCL C has no function arguments that
// are functions): C rows row..row+7 (those below `end`) (+)= A rows · B over columns col..col+7, where LOAD_B is a
// float8 of row p of B at those columns. Expects a, c, row, end, col, n, k in scope.
#define ACCUMULATE_8X8(LOAD_B, ACCUMULATE) \
    { \
        __global const float* a0 = a_row(a, row, 0, end, k); \
        __global const float* a1 = a_row(a, row, 1, end, k); \
        __global const float* a2 = a_row(a, row, 2, end, k); \
        __global const float* a3 = a_row(a, row, 3, end, k); \
        __global const float* a4 = a_row(a, row, 4, end, k); \
        __global const float* a5 = a_row(a, row, 5, end, k); \
        __global const float* a6 = a_row(a, row, 6, end, k); \
        __global const float* a7 = a_row(a, row, 7, end, k); \
        float8 c0 = (float8)(0.0f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0; \
        for (int p = 0; p < k; p++) \
        { \
            const float8 bv = (LOAD_B); \
            c0 = fma((float8)(a0[p]), bv, c0); \
            c1 = fma((float8)(a1[p]), bv, c1); \
            c2 = fma((float8)(a2[p]), bv, c2); \
            c3 = fma((float8)(a3[p]), bv, c3); \
            c4 = fma((float8)(a4[p]), bv, c4); \
            c5 = fma((float8)(a5[p]), bv, c5); \
            c6 = fma((float8)(a6[p]), bv, c6); \
            c7 = fma((float8)(a7[p]), bv, c7); \
        } \
        const float8 rows[BLOCK] = {c0, c1, c2, c3, c4, c5, c6, c7}; \
        for (int i = 0; i < BLOCK && row + i < end; i++) \
        { \
            store_c8(c + (size_t)(row + i) * n, col, n, rows[i], (ACCUMULATE)); \
        } \
    }

// C rows row..row+7 (those below `end`) (+)= A rows · B over columns col..col+7.
void block_8x8(
    __global const float* a, __global const float* b, __global float* c, int row, int end, int col, int n, int k,
    int accumulate)
{
    if (col >= n || row >= end)
    {
        return;
    }

    ACCUMULATE_8X8(load_b8(b + (size_t)p * n, col, n), accumulate)
}

// gemm_blocked: C[m × n] (+)= A[m × k] · B[k × n]; work-item (x, y) computes rows 8y.., columns 8x...
__kernel void gemm_blocked(__global const float* a, __global const float* b, __global float* c, int m, int n, int k, int accumulate)
{
    block_8x8(a, b, c, get_global_id(1) * BLOCK, m, get_global_id(0) * BLOCK, n, k, accumulate);
}

// grouped_gemm_blocked: the grouped product over grouped_tiles' list; a TILE-row tile takes TILE / BLOCK work-items in y.
__kernel void grouped_gemm_blocked(
    __global const float* a, __global const int* offsets, __global const int2* tiles, __global const float* b,
    __global float* c, int n, int k)
{
    const int2 tile = tiles[get_global_id(1) / (TILE / BLOCK)];
    if (tile.x < 0)
    {
        return;
    }

    const int row = tile.y + (get_global_id(1) % (TILE / BLOCK)) * BLOCK;
    block_8x8(a, b + (size_t)tile.x * k * n, c, row, offsets[tile.x + 1], get_global_id(0) * BLOCK, n, k, 0);
}

// gemm: C[m × n] (+)= A[m × k] · B[k × n], row-major, one output element per work-item. A and B stream through
// TILE × TILE tiles in local memory, each element read from global memory once per tile instead of once per product.
// Out-of-range tile entries load as zero, so a tail adds nothing and a NaN beyond the matrix is never read.
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void gemm(__global const float* a, __global const float* b, __global float* c, int m, int n, int k, int accumulate)
{
    __local float as[TILE][TILE];
    __local float bs[TILE][TILE];
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int col = get_group_id(0) * TILE + tx;
    const int row = get_group_id(1) * TILE + ty;
    float acc = 0.0f;
    for (int p0 = 0; p0 < k; p0 += TILE)
    {
        as[ty][tx] = row < m && p0 + tx < k ? a[(size_t)row * k + p0 + tx] : 0.0f;
        bs[ty][tx] = p0 + ty < k && col < n ? b[(size_t)(p0 + ty) * n + col] : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TILE; p++)
        {
            acc = fma(as[ty][p], bs[p][tx], acc);
        }

        barrier(CLK_LOCAL_MEM_FENCE);
    }

    if (row < m && col < n)
    {
        const size_t i = (size_t)row * n + col;
        c[i] = accumulate ? c[i] + acc : acc;
    }
}

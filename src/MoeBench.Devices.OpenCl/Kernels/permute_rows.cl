// permute_rows: copies each kept (token, slot) row of x to its dispatch row; one work-item per (column, slot).
__kernel void permute_rows(
    __global const float* x, __global const int* slot_row, int top_k, int hidden, int slots, __global float* x_permuted)
{
    const int j = get_global_id(0), s = get_global_id(1);
    if (j >= hidden || s >= slots || slot_row[s] < 0)
    {
        return;
    }

    x_permuted[(size_t)slot_row[s] * hidden + j] = x[(size_t)(s / top_k) * hidden + j];
}

// swiglu: out[r, j] = silu(gate_up[r, j]) · gate_up[r, ffn + j], one work-item per (column, row), for rows below
// max_rows — or below the last entry of group_offsets when has_offsets, the kept rows of a dispatch read here on the
// device so a layer needs no mid-pass synchronisation.
__kernel void swiglu(
    __global const float* gate_up, int max_rows, __global const int* group_offsets, int has_offsets, int last_offset,
    int ffn, __global float* output)
{
    const int j = get_global_id(0), r = get_global_id(1);
    const int rows = has_offsets ? min(max_rows, group_offsets[last_offset]) : max_rows;
    if (j >= ffn || r >= rows)
    {
        return;
    }

    const float g = gate_up[(size_t)r * 2 * ffn + j];
    const float u = gate_up[(size_t)r * 2 * ffn + ffn + j];
    output[(size_t)r * ffn + j] = g / (1.0f + exp(-g)) * u;
}

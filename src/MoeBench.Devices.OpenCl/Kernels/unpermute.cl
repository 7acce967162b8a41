// unpermute: the weighted combine of ReferenceOps.Unpermute, one work-item per (column, token): y (+)= Σ over the
// token's slots of weight · contribution, where the contribution is the expert's row, nothing for a dropped slot or a
// zero expert, x for a copy expert and the expert's vector for a constant expert. Slots add in order, as the reference.
__kernel void unpermute(
    __global const float* y_permuted, __global const int* slot_row, __global const int* ids,
    __global const float* weights, __global const float* x, __global const float* constants, int first_copy,
    int first_const, int tokens, int top_k, int hidden, int accumulate, __global float* y)
{
    const int j = get_global_id(0), t = get_global_id(1);
    if (j >= hidden || t >= tokens)
    {
        return;
    }

    const size_t out = (size_t)t * hidden + j;
    float acc = accumulate ? y[out] : 0.0f;
    for (int r = 0; r < top_k; r++)
    {
        const int s = t * top_k + r;
        const int e = ids[s];
        float v;
        if (slot_row[s] >= 0)
        {
            v = y_permuted[(size_t)slot_row[s] * hidden + j];
        }
        else if (e >= first_const)
        {
            v = constants[(size_t)(e - first_const) * hidden + j];
        }
        else if (e >= first_copy)
        {
            v = x[out];
        }
        else
        {
            continue;
        }

        acc = fma(weights[s], v, acc);
    }

    y[out] = acc;
}

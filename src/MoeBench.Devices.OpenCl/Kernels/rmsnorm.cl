// rmsnorm: y = x / sqrt(mean(x²) + ε) · γ per row; one work-group of NORM_LOCAL work-items per row, whose partial sums
// of squares meet in a tree reduction in local memory.
#define NORM_LOCAL 64

__kernel __attribute__((reqd_work_group_size(NORM_LOCAL, 1, 1)))
void rmsnorm(__global const float* x, __global const float* gamma, int hidden, float epsilon, __global float* y)
{
    __local float partial[NORM_LOCAL];
    const int l = get_local_id(0);
    __global const float* row = x + (size_t)get_group_id(0) * hidden;
    __global float* out = y + (size_t)get_group_id(0) * hidden;
    float sum = 0.0f;
    for (int j = l; j < hidden; j += NORM_LOCAL)
    {
        sum = fma(row[j], row[j], sum);
    }

    partial[l] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = NORM_LOCAL / 2; width > 0; width >>= 1)
    {
        if (l < width)
        {
            partial[l] += partial[l + width];
        }

        barrier(CLK_LOCAL_MEM_FENCE);
    }

    const float inverse = 1.0f / sqrt(partial[0] / hidden + epsilon);
    for (int j = l; j < hidden; j += NORM_LOCAL)
    {
        out[j] = row[j] * inverse * gamma[j];
    }
}

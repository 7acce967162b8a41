// calibrate_fma: the FMA roof. Eight independent float8 chains per work-item hide the FMA latency; the sum goes to
// `sink` so the compiler cannot drop the loop. FLOPs = work-items · iterations · 8 chains · 8 lanes · 2.
__kernel void calibrate_fma(int iterations, float seed, __global float* sink)
{
    const float8 m = (float8)(0.999999f), c = (float8)(1e-7f);
    float8 v0 = (float8)(seed), v1 = v0 + 1.0f, v2 = v0 + 2.0f, v3 = v0 + 3.0f;
    float8 v4 = v0 + 4.0f, v5 = v0 + 5.0f, v6 = v0 + 6.0f, v7 = v0 + 7.0f;
    for (int i = 0; i < iterations; i++)
    {
        v0 = fma(v0, m, c); v1 = fma(v1, m, c); v2 = fma(v2, m, c); v3 = fma(v3, m, c);
        v4 = fma(v4, m, c); v5 = fma(v5, m, c); v6 = fma(v6, m, c); v7 = fma(v7, m, c);
    }

    const float8 v = v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7;
    sink[get_global_id(0)] = v.s0 + v.s1 + v.s2 + v.s3 + v.s4 + v.s5 + v.s6 + v.s7;
}

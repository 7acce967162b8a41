// calibrate_stream_*: the global-memory roof, a read stream, in the two access patterns devices stream best: a GPU
// wants adjacent work-items on adjacent addresses (coalesced), a CPU device wants each work-item on a contiguous run
// of its own (PoCL vectorises across work-items, so the coalesced loop becomes gathers: 0.6 against 17 GB/s measured
// here). The calibration runs both and keeps the faster. Each work-item writes its sum to `sink` so no load can be
// dropped. Bytes = count · 16.
__kernel void calibrate_stream_coalesced(__global const float4* source, int count, __global float* sink)
{
    const int stride = get_global_size(0);
    float4 sum = (float4)(0.0f);
    for (int i = get_global_id(0); i < count; i += stride)
    {
        sum += source[i];
    }

    sink[get_global_id(0)] = sum.x + sum.y + sum.z + sum.w;
}

__kernel void calibrate_stream_contiguous(__global const float4* source, int count, __global float* sink)
{
    const int run = count / get_global_size(0);
    __global const float4* p = source + (size_t)get_global_id(0) * run;
    float4 sum = (float4)(0.0f);
    for (int i = 0; i < run; i++)
    {
        sum += p[i];
    }

    sink[get_global_id(0)] = sum.x + sum.y + sum.z + sum.w;
}

// calibrate_stream: the global-memory roof, a read stream. Work-item i sums float4s i, i + stride, … (adjacent
// work-items read adjacent addresses, the coalesced pattern a GPU wants and a CPU streams) and writes its sum to
// `sink` so no load can be dropped. Bytes = count · 16.
__kernel void calibrate_stream(__global const float4* source, int count, __global float* sink)
{
    const int stride = get_global_size(0);
    float4 sum = (float4)(0.0f);
    for (int i = get_global_id(0); i < count; i += stride)
    {
        sum += source[i];
    }

    sink[get_global_id(0)] = sum.x + sum.y + sum.z + sum.w;
}

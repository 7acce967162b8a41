// quant_grouped_gemm: grouped_gemm over weights stored per group in their own format, dequantized into the local
// B tile as it loads. Each group's descriptor is (format, byte offset of its values or codes, byte offset of its fp32
// scales, rows of K per scale); all groups share one byte buffer with 4-byte aligned parts.
//   f32 and bf16: [k × n] values (bf16 as its top 16 bits of an fp32);
//   int8: [k × n] signed codes, one scale per output column;
//   int4: codes −7..7 two per byte, rows 2i (low nibble) and 2i+1 (high) of column j in byte i·n + j, a scale per
//         column for every `rows per scale` rows of K.
float quant_weight(__global const uchar* blob, int4 d, int p, int j, int n)
{
    const size_t i = (size_t)p * n + j;
    switch (d.x)
    {
        case FORMAT_F32:
            return ((__global const float*)(blob + d.y))[i];
        case FORMAT_BF16:
            return as_float((uint)((__global const ushort*)(blob + d.y))[i] << 16);
        case FORMAT_I8:
            return (float)((__global const char*)(blob + d.y))[i] * ((__global const float*)(blob + d.z))[j];
        default:
        {
            const uchar packed = blob[d.y + (size_t)(p / 2) * n + j];
            const int nibble = (p & 1) ? packed >> 4 : packed & 15;
            return (float)((nibble ^ 8) - 8) * ((__global const float*)(blob + d.z))[(size_t)(p / d.w) * n + j];
        }
    }
}

__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void quant_grouped_gemm(
    __global const float* a, __global const int* offsets, __global const int2* tiles, __global const uchar* blob,
    __global const int4* descriptors, __global float* c, int n, int k)
{
    const int2 tile = tiles[get_group_id(1)];
    if (tile.x < 0)
    {
        return; // the whole work-group leaves before any barrier
    }

    __local float as[TILE][TILE];
    __local float bs[TILE][TILE];
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int col = get_group_id(0) * TILE + tx;
    const int row = tile.y + ty;
    const int end = offsets[tile.x + 1];
    const int4 d = descriptors[tile.x];
    float acc = 0.0f;
    for (int p0 = 0; p0 < k; p0 += TILE)
    {
        as[ty][tx] = row < end && p0 + tx < k ? a[(size_t)row * k + p0 + tx] : 0.0f;
        bs[ty][tx] = p0 + ty < k && col < n ? quant_weight(blob, d, p0 + ty, col, n) : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TILE; p++)
        {
            acc = fma(as[ty][p], bs[p][tx], acc);
        }

        barrier(CLK_LOCAL_MEM_FENCE);
    }

    if (row < end && col < n)
    {
        c[(size_t)row * n + col] = acc;
    }
}

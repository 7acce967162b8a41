namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>
/// How <see cref="IlgpuQuantWeights"/> lays out groups of mixed formats for <see cref="QuantGemmKernel"/>: per group,
/// <see cref="Fields"/> ints — its kind, where its weights start (in fp32 values for f32, in bf16 elements of the byte
/// array for bf16, in bytes for int8 and int4), where its scales start, and its int4 group size.
/// </summary>
internal static class QuantLayout
{
    public const int Fields = 4;
    public const int KindField = 0;
    public const int DataField = 1;
    public const int ScaleField = 2;
    public const int GroupSizeField = 3;

    public const int F32 = 0;
    public const int Bf16 = 1;
    public const int I8 = 2;
    public const int I4 = 3;
}

namespace MoeBench.Core.Quant;

/// <summary>
/// How a weight matrix [k × n] is stored: its element type and, for int4, the group of K rows that share one
/// scale per output column. f32 and bf16 carry no scales; int8 has one scale per output column (all of K).
/// When K is not a multiple of the group size the last group is partial (K = 200 with groups of 32 has six
/// full groups and one of 8): real checkpoints pad instead, but a partial group changes no arithmetic.
/// </summary>
public readonly record struct WeightFormat
{
    private WeightFormat(DType dtype, int groupSize)
    {
        DType = dtype;
        GroupSize = groupSize;
    }

    public DType DType { get; }

    /// <summary>Rows of K per scale for int4; 0 for every other type.</summary>
    public int GroupSize { get; }

    public static WeightFormat F32 { get; } = new(DType.F32, 0);

    public static WeightFormat BF16 { get; } = new(DType.BF16, 0);

    public static WeightFormat I8 { get; } = new(DType.I8, 0);

    /// <summary>Even so that the two k rows packed into one byte never straddle a scale group.</summary>
    public static WeightFormat I4(int groupSize) =>
        groupSize >= 2 && groupSize % 2 == 0
            ? new(DType.I4, groupSize)
            : throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "int4 group size must be a positive even number");

    /// <summary>The format of a dtype; <paramref name="groupSize"/> is used (and needed) by int4 only.</summary>
    public static WeightFormat Of(DType dtype, int groupSize = 0) => dtype switch
    {
        DType.F32 => F32,
        DType.BF16 => BF16,
        DType.I8 => I8,
        DType.I4 => I4(groupSize),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>Largest code magnitude: symmetric, so −127..127 and −7..7 (−128 and −8 are never produced).</summary>
    public int MaxCode => DType switch
    {
        DType.I8 => 127,
        DType.I4 => 7,
        _ => 0,
    };

    /// <summary>Rows of scales for a matrix with <paramref name="k"/> rows: 1 for int8, ⌈k / group⌉ for int4, else 0.</summary>
    public int ScaleRows(int k) => DType switch
    {
        DType.I8 => 1,
        DType.I4 => (k + GroupSize - 1) / GroupSize,
        _ => 0,
    };

    /// <summary>The K rows scale row <paramref name="group"/> covers.</summary>
    public (int Start, int End) ScaleGroupRows(int group, int k) =>
        DType == DType.I4 ? (group * GroupSize, Math.Min(k, (group + 1) * GroupSize)) : (0, k);

    /// <summary>Bytes of one [k × n] matrix as stored: codes (int4 two per byte, rounded up) plus fp32 scales.</summary>
    public long Bytes(long k, long n) => DType switch
    {
        DType.F32 => 4 * k * n,
        DType.BF16 => 2 * k * n,
        DType.I8 => (k * n) + (4 * n),
        DType.I4 => ((k * n) + 1) / 2 + (4L * n * ScaleRows(checked((int)k))),
        _ => throw new InvalidOperationException($"unknown dtype {DType}"),
    };

    /// <summary><c>f32</c>, <c>bf16</c>, <c>int8</c>, <c>int4/g32</c>.</summary>
    public override string ToString() => DType == DType.I4 ? $"int4/g{GroupSize}" : DType.ToName();
}

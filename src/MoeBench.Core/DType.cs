namespace MoeBench.Core;

/// <summary>Element type of a tensor as stored. Activations are fp32 throughout; weights may be narrower.</summary>
public enum DType
{
    F32,

    /// <summary>bfloat16: the top 16 bits of an fp32 (8-bit exponent, 7-bit mantissa).</summary>
    BF16,

    /// <summary>Symmetric 8-bit integer codes times an fp32 scale per output channel.</summary>
    I8,

    /// <summary>Symmetric 4-bit integer codes, two per byte, times an fp32 scale per group of K and output channel.</summary>
    I4,
}

public static class DTypeNames
{
    public static string ToName(this DType dtype) => dtype switch
    {
        DType.F32 => "f32",
        DType.BF16 => "bf16",
        DType.I8 => "int8",
        DType.I4 => "int4",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static bool TryParse(string text, out DType dtype)
    {
        switch (text)
        {
            case "f32" or "fp32" or "float32":
                dtype = DType.F32;
                return true;
            case "bf16" or "bfloat16":
                dtype = DType.BF16;
                return true;
            case "int8" or "i8":
                dtype = DType.I8;
                return true;
            case "int4" or "i4":
                dtype = DType.I4;
                return true;
            default:
                dtype = default;
                return false;
        }
    }

    /// <summary>Bits per stored element (scales not included).</summary>
    public static int Bits(this DType dtype) => dtype switch
    {
        DType.F32 => 32,
        DType.BF16 => 16,
        DType.I8 => 8,
        DType.I4 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static int SizeInBytes(this DType dtype) => dtype == DType.I4
        ? throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "int4 packs two values per byte; use Bits")
        : dtype.Bits() / 8;

    /// <summary>
    /// Normwise relative error a correct kernel of this type stays under. fp32 GEMMs with K in the thousands
    /// accumulate ~sqrt(K)·2^-24 ≈ 1e-6; 1e-4 leaves room for reordered sums while any wrong index, tail or
    /// race shows up as an error of order one.
    /// </summary>
    public static double Tolerance(this DType dtype) => dtype switch
    {
        DType.F32 => 1e-4,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "outputs are fp32; low-precision weights are validated against their dequantized values at the fp32 tolerance"),
    };
}

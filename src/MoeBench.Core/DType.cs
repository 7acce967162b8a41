namespace MoeBench.Core;

/// <summary>Element type of a tensor as stored. Activations are fp32 throughout; weights may be narrower.</summary>
public enum DType
{
    F32,
}

public static class DTypeNames
{
    public static string ToName(this DType dtype) => dtype switch
    {
        DType.F32 => "f32",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static bool TryParse(string text, out DType dtype)
    {
        switch (text)
        {
            case "f32" or "fp32" or "float32":
                dtype = DType.F32;
                return true;
            default:
                dtype = default;
                return false;
        }
    }

    public static int SizeInBytes(this DType dtype) => dtype switch
    {
        DType.F32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>
    /// Normwise relative error a correct kernel of this type stays under. fp32 GEMMs with K in the thousands
    /// accumulate ~sqrt(K)·2^-24 ≈ 1e-6; 1e-4 leaves room for reordered sums while any wrong index, tail or
    /// race shows up as an error of order one.
    /// </summary>
    public static double Tolerance(this DType dtype) => dtype switch
    {
        DType.F32 => 1e-4,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };
}

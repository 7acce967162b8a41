using MoeBench.Core;
using MoeBench.Core.Quant;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// One weight matrix [k × n] as ONNX multiplies it, with the codes exactly as given: f32 through MatMul; bf16 stored as
/// BFLOAT16 and Cast to fp32 before the MatMul (ONNX Runtime's constant folding may widen it once, at session
/// creation: MLAS has no bf16 GEMM on x86); int8 as DequantizeLinear (one scale per output column, axis 1) then MatMul;
/// int4 as com.microsoft::MatMulNBits (4 bits, blocks of the format's group size along K, no zero points, so the
/// default 8 is subtracted: stored nibble = code + 8, exactly MoeBench's symmetric −7..7 codes).
/// </summary>
internal sealed class ExpertProduct
{
    private readonly Func<OnnxModel, string, string> _multiply;

    private ExpertProduct(WeightFormat format, int k, int n, long bytes, Func<OnnxModel, string, string> multiply) =>
        (Format, K, N, Bytes, _multiply) = (format, k, n, bytes, multiply);

    public WeightFormat Format { get; }

    public int K { get; }

    public int N { get; }

    public long Bytes { get; }

    /// <summary>Why ONNX cannot hold <paramref name="format"/> exactly; null where it can.</summary>
    public static string? Unsupported(WeightFormat format) =>
        format.DType == DType.I4 && (format.GroupSize < 16 || !int.IsPow2(format.GroupSize))
            ? $"MatMulNBits (the int4 product) takes blocks of a power of two from 16, not {format.GroupSize}"
            : null;

    /// <summary>Adds the product A · W to <paramref name="model"/>, A being the [rows × k] value <paramref name="a"/>; returns C's name.</summary>
    public string Multiply(OnnxModel model, string a) => _multiply(model, a);

    public static ExpertProduct F32(ReadOnlySpan<float> w, int k, int n)
    {
        var raw = OnnxModel.ToBytes(w);
        return new(WeightFormat.F32, k, n, raw.Length, (m, a) => m.Node("MatMul", [a, m.Initializer(OnnxType.Float, [k, n], raw)]));
    }

    public static ExpertProduct From(QuantizedMatrix q)
    {
        var (k, n) = (q.K, q.N);
        switch (q.Format.DType)
        {
            case DType.F32:
                return F32(q.Values, k, n);
            case DType.BF16:
                {
                    var raw = OnnxModel.ToBytes(q.Bf16);
                    return new(q.Format, k, n, raw.Length, (m, a) =>
                        m.Node("MatMul", [a, m.Node("Cast", [m.Initializer(OnnxType.BFloat16, [k, n], raw)], attributes: ("to", (long)OnnxType.Float))]));
                }

            case DType.I8:
                {
                    var codes = OnnxModel.ToBytes(q.Codes);
                    var scales = OnnxModel.ToBytes(q.Scales);
                    return new(q.Format, k, n, codes.Length + scales.Length, (m, a) =>
                    {
                        var w = m.Node(
                            "DequantizeLinear",
                            [m.Initializer(OnnxType.Int8, [k, n], codes), m.Initializer(OnnxType.Float, [n], scales)],
                            attributes: ("axis", 1L));
                        return m.Node("MatMul", [a, w]);
                    });
                }

            case DType.I4:
                return Int4(q);
            default:
                throw new NotSupportedException($"no ONNX product for {q.Format}");
        }
    }

    /// <summary>MatMulNBits' layout: B [n][blocks][block / 2] bytes, element j of a block in byte j / 2 (low nibble first); scales [n × blocks].</summary>
    private static ExpertProduct Int4(QuantizedMatrix q)
    {
        if (Unsupported(q.Format) is { } why)
        {
            throw new NotSupportedException($"onnx: {why}");
        }

        var (k, n, block) = (q.K, q.N, q.Format.GroupSize);
        var blocks = (k + block - 1) / block;
        var packed = new byte[(long)n * blocks * block / 2];
        var scales = new float[n * blocks];
        var codes = q.Codes;
        for (var j = 0; j < n; j++)
        {
            for (var b = 0; b < blocks; b++)
            {
                scales[(j * blocks) + b] = q.Scales[(b * n) + j];
                for (var e = 0; e < block; e++)
                {
                    var i = (b * block) + e;
                    var nibble = (byte)((i < k ? codes[(i * n) + j] : 0) + 8);
                    ref var target = ref packed[((((long)j * blocks) + b) * block / 2) + (e / 2)];
                    target |= (byte)(e % 2 == 0 ? nibble : nibble << 4);
                }
            }
        }

        var rawScales = OnnxModel.ToBytes<float>(scales);
        return new(q.Format, k, n, packed.Length + rawScales.Length, (m, a) => m.Node(
            "MatMulNBits",
            [a, m.Initializer(OnnxType.UInt8, [n, blocks, block / 2], packed), m.Initializer(OnnxType.Float, [n * blocks], rawScales)],
            domain: OnnxModel.Microsoft,
            attributes: [("K", (long)k), ("N", (long)n), ("bits", 4L), ("block_size", (long)block)]));
    }
}

namespace MoeBench.Core.Quant;

/// <summary>
/// One row-major [k × n] weight matrix (k = input, n = output channels) in a <see cref="WeightFormat"/>, exactly as
/// <see cref="Quantize"/> produced it. Devices pack these codes into their own layouts; the float64 reference
/// multiplies by <see cref="Dequantize"/>, so a kernel is judged on its arithmetic, not on the quantization error.
/// </summary>
public sealed class QuantizedMatrix
{
    private readonly float[] _values;
    private readonly ushort[] _bf16;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;

    private QuantizedMatrix(WeightFormat format, int k, int n, float[] values, ushort[] bf16, sbyte[] codes, float[] scales)
    {
        (Format, K, N, _values, _bf16, _codes, _scales) = (format, k, n, values, bf16, codes, scales);
    }

    public WeightFormat Format { get; }

    public int K { get; }

    public int N { get; }

    /// <summary>f32 only: the weights, [k × n].</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>bf16 only: the bit patterns, [k × n].</summary>
    public ReadOnlySpan<ushort> Bf16 => _bf16;

    /// <summary>int8 and int4: one signed code per weight (int4 in −7..7, unpacked), [k × n].</summary>
    public ReadOnlySpan<sbyte> Codes => _codes;

    /// <summary>int8 and int4: [<see cref="WeightFormat.ScaleRows"/> × n], scale row g covering K rows of group g.</summary>
    public ReadOnlySpan<float> Scales => _scales;

    /// <summary>
    /// Deterministic, round-to-nearest-even quantization. Integer formats are symmetric: scale = max|w| / MaxCode
    /// over the scale group (an all-zero group gets scale 0 and codes 0), code = round(w · (1 / scale)).
    /// </summary>
    public static QuantizedMatrix Quantize(ReadOnlySpan<float> w, int k, int n, WeightFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (w.Length < (long)k * n)
        {
            throw new ArgumentException($"weights hold {w.Length} floats; [{k} × {n}] needs {(long)k * n}.", nameof(w));
        }

        var size = k * n;
        switch (format.DType)
        {
            case DType.F32:
                return new(format, k, n, w[..size].ToArray(), [], [], []);
            case DType.BF16:
                var bits = new ushort[size];
                for (var i = 0; i < size; i++)
                {
                    bits[i] = ToBf16(w[i]);
                }

                return new(format, k, n, [], bits, [], []);
            default:
                return QuantizeIntegers(w, k, n, format);
        }
    }

    private static QuantizedMatrix QuantizeIntegers(ReadOnlySpan<float> w, int k, int n, WeightFormat format)
    {
        var codes = new sbyte[k * n];
        var scaleRows = format.ScaleRows(k);
        var scales = new float[scaleRows * n];
        var inverse = new double[n];

        // Row by row (a column walk would miss the cache on every weight): the group's column maxima, then its codes.
        for (var g = 0; g < scaleRows; g++)
        {
            var (start, end) = format.ScaleGroupRows(g, k);
            var scale = scales.AsSpan(g * n, n);
            for (var row = start; row < end; row++)
            {
                var values = w.Slice(row * n, n);
                for (var j = 0; j < n; j++)
                {
                    scale[j] = Math.Max(scale[j], Math.Abs(values[j]));
                }
            }

            for (var j = 0; j < n; j++)
            {
                scale[j] /= format.MaxCode;
                inverse[j] = scale[j] > 0 ? 1.0 / scale[j] : 0;
            }

            for (var row = start; row < end; row++)
            {
                var values = w.Slice(row * n, n);
                var rowCodes = codes.AsSpan(row * n, n);
                for (var j = 0; j < n; j++)
                {
                    var code = Math.Round(values[j] * inverse[j], MidpointRounding.ToEven);
                    rowCodes[j] = (sbyte)Math.Clamp(code, -format.MaxCode, format.MaxCode);
                }
            }
        }

        return new(format, k, n, [], [], codes, scales);
    }

    /// <summary>fp32 → bf16, round to nearest even (NaN stays NaN).</summary>
    public static ushort ToBf16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    public static float FromBf16(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>The weight at (row, column) as the format represents it, exactly (code × scale fits a double).</summary>
    public double Dequantize(int row, int column)
    {
        var i = (row * N) + column;
        return Format.DType switch
        {
            DType.F32 => _values[i],
            DType.BF16 => FromBf16(_bf16[i]),
            DType.I8 => _codes[i] * (double)_scales[column],
            DType.I4 => _codes[i] * (double)_scales[(row / Format.GroupSize * N) + column],
            _ => throw new InvalidOperationException($"unknown dtype {Format.DType}"),
        };
    }

    /// <summary>Every weight dequantized, row-major [k × n], into <paramref name="destination"/>.</summary>
    public void Dequantize(Span<double> destination)
    {
        for (var row = 0; row < K; row++)
        {
            for (var j = 0; j < N; j++)
            {
                destination[(row * N) + j] = Dequantize(row, j);
            }
        }
    }

    /// <summary>Quantizes <paramref name="groups"/> row-major [k × n] matrices laid out contiguously, group g in formats[g].</summary>
    public static QuantizedMatrix[] QuantizeGroups(ReadOnlySpan<float> w, int groups, int k, int n, ReadOnlySpan<WeightFormat> formats)
    {
        if (formats.Length != groups)
        {
            throw new ArgumentException($"{formats.Length} formats for {groups} groups", nameof(formats));
        }

        var size = k * n;
        var result = new QuantizedMatrix[groups];
        for (var g = 0; g < groups; g++)
        {
            result[g] = Quantize(w.Slice(g * size, size), k, n, formats[g]);
        }

        return result;
    }

    /// <summary>Dequantized groups laid out [groups][k][n], as the float64 references take weights.</summary>
    public static double[] DequantizeGroups(IReadOnlyList<QuantizedMatrix> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var size = groups[0].K * groups[0].N;
        var result = new double[groups.Count * size];
        for (var g = 0; g < groups.Count; g++)
        {
            groups[g].Dequantize(result.AsSpan(g * size, size));
        }

        return result;
    }
}

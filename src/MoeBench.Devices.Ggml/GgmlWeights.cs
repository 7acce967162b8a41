using System.Runtime.InteropServices;
using MoeBench.Core;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// Expert weights as ggml multiplies them: one tensor [k' × n × groups] of one ggml type, each output column's k
/// weights contiguous (ggml's src0 rows; the transpose of MoeBench's row-major [k][n], done once at load). For q8_0
/// and q4_0 k' is k rounded up to ggml's block of 32 with zero weights, which add nothing to any product.
/// Built graphs that read these weights live and die with them (<see cref="Graphs"/>).
/// </summary>
internal sealed unsafe class GgmlWeights : IDeviceWeights, IReencodedWeights
{
    private const int Block = 32;
    private byte* _data;

    private GgmlWeights(GgmlType type, DType dtype, int groups, int k, int n)
    {
        (Type, DType, Groups, K, N) = (type, dtype, groups, k, n);
        PaddedK = type is GgmlType.Q8_0 or GgmlType.Q4_0 ? (k + Block - 1) / Block * Block : k;
        RowBytes = (long)GgmlNative.RowSize(type, PaddedK);
        Bytes = RowBytes * n * groups;
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)Bytes, 64);
    }

    public GgmlType Type { get; }

    public DType DType { get; }

    public int Groups { get; }

    public int K { get; }

    public int N { get; }

    /// <summary>Row length ggml sees: <see cref="K"/>, or for the block formats K rounded up to 32.</summary>
    public int PaddedK { get; }

    public long RowBytes { get; }

    public long Bytes { get; }

    public byte* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(GgmlWeights));

    /// <summary>Graphs built over these weights, keyed by the buffers and sizes they were built for.</summary>
    public Dictionary<GraphKey, GgmlGraph> Graphs { get; } = [];

    /// <summary>
    /// Each group's [k × n] matrix, taken from <paramref name="column"/>(group, column, destination): the column's k
    /// weights as floats, into a zero-padded row of <see cref="PaddedK"/>.
    /// </summary>
    public static GgmlWeights Create(GgmlType type, DType dtype, int groups, int k, int n, Action<int, int, Span<float>> column)
    {
        var weights = new GgmlWeights(type, dtype, groups, k, n);
        var rows = new float[n * weights.PaddedK];
        fixed (float* source = rows)
        {
            for (var g = 0; g < groups; g++)
            {
                for (var j = 0; j < n; j++)
                {
                    column(g, j, rows.AsSpan(j * weights.PaddedK, k));
                }

                weights.Store(g, source);
            }
        }

        return weights;
    }

    /// <summary>ggml's own conversion of one group's rows: ggml_quantize_chunk for the block formats, plain stores otherwise.</summary>
    private void Store(int group, float* rows)
    {
        var destination = _data + (group * RowBytes * N);
        var count = (long)N * PaddedK;
        switch (Type)
        {
            case GgmlType.F32:
                Buffer.MemoryCopy(rows, destination, count * sizeof(float), count * sizeof(float));
                break;
            case GgmlType.BF16:
                var bits = (ushort*)destination;
                for (long i = 0; i < count; i++)
                {
                    bits[i] = Core.Quant.QuantizedMatrix.ToBf16(rows[i]);
                }

                break;
            default:
                GgmlNative.QuantizeChunk(Type, rows, destination, 0, N, PaddedK, null);
                break;
        }
    }

    public double[] Dequantized()
    {
        var result = new double[(long)Groups * K * N];
        for (var g = 0; g < Groups; g++)
        {
            for (var j = 0; j < N; j++)
            {
                var row = Data + (((long)g * N) + j) * RowBytes;
                for (var i = 0; i < K; i++)
                {
                    result[((long)g * K * N) + ((long)i * N) + j] = Weight(row, i);
                }
            }
        }

        return result;
    }

    /// <summary>Weight <paramref name="i"/> of a stored row, read by the block layouts of ggml-common.h.</summary>
    private double Weight(byte* row, int i)
    {
        switch (Type)
        {
            case GgmlType.F32:
                return ((float*)row)[i];
            case GgmlType.BF16:
                return Core.Quant.QuantizedMatrix.FromBf16(((ushort*)row)[i]);
            case GgmlType.Q8_0:
                {
                    // block_q8_0: fp16 scale, then 32 signed codes.
                    var block = row + (i / Block * (2 + Block));
                    return (double)*(Half*)block * ((sbyte*)(block + 2))[i % Block];
                }

            default:
                {
                    // block_q4_0: fp16 scale, then 16 bytes; weight j < 16 in the low nibbles, j ≥ 16 in the high, offset by 8.
                    var block = row + (i / Block * (2 + (Block / 2)));
                    var j = i % Block;
                    var packed = block[2 + (j % (Block / 2))];
                    var code = (j < Block / 2 ? packed & 0xF : packed >> 4) - 8;
                    return (double)*(Half*)block * code;
                }
        }
    }

    public void Dispose()
    {
        foreach (var graph in Graphs.Values)
        {
            graph.Dispose();
        }

        Graphs.Clear();
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}

/// <summary>What a built graph is specific to: its activation and output buffers, first row and rows, and whether it accumulates.</summary>
internal readonly record struct GraphKey(object A, object C, int Start, int Rows, bool Accumulate);

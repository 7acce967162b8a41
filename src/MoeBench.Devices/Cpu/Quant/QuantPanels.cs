using System.Runtime.InteropServices;
using MoeBench.Core;
using MoeBench.Core.Quant;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// One expert's [k × n] weights packed at load for streaming: ⌈n / 16⌉ panels of 16 output columns (two ymm of
/// fp32), each running over all of K (rounded up to even with zero codes) so a decode product reads every panel
/// front to back once. Per k pair (rows 2i, 2i+1) a panel holds, for its 16 columns:
/// f32 16+16 floats (exactly <c>PackedMatrix</c>'s 16-wide layout, so the fp32 micro-kernel can run on it in place);
/// bf16 16+16 bit patterns; int8 32 codes interleaved by column (byte 2j row 2i, byte 2j+1 row 2i+1), so one
/// sign-extending load is a vpmaddwd operand; int4 the same 32 slots shared by two pairs, pair 2b in the low
/// nibbles and pair 2b+1 in the high ones of block b's 32 bytes, so one load and three shifts give two operands
/// (<see cref="IWordPairFormat"/>). Past K codes are zero, up to a whole block.
/// Scales (int8: 1 row, int4: one per K group) sit in a separate array, 16 floats per panel and scale row.
/// </summary>
internal sealed unsafe class QuantPanels : IDisposable
{
    public const int Width = 16;

    private byte* _data;
    private float* _scales;

    private QuantPanels(WeightFormat format, int k, int n)
    {
        Format = format;
        K = k;
        N = n;
        Panels = (n + Width - 1) / Width;
        PairBytes = Width * 2 * format.DType.Bits() / 8;
        PanelBytes = ((long)(k + 1) / 2 * PairBytes + 63) / 64 * 64;
        ScaleRows = format.ScaleRows(k);
        _data = (byte*)NativeMemory.AlignedAlloc(checked((nuint)(PanelBytes * Panels)), 64);
        _scales = (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, ScaleRows * Panels * Width) * sizeof(float), 64);
        new Span<byte>(_data, checked((int)(PanelBytes * Panels))).Clear();
        new Span<float>(_scales, ScaleRows * Panels * Width).Clear();
    }

    public WeightFormat Format { get; }

    public int K { get; }

    public int N { get; }

    public int Panels { get; }

    /// <summary>Bytes of one k pair of one panel.</summary>
    public int PairBytes { get; }

    /// <summary>Bytes between the starts of consecutive panels (a multiple of 64).</summary>
    public long PanelBytes { get; }

    public int ScaleRows { get; }

    /// <summary>K rows sharing a scale row: the int4 group, else all of K.</summary>
    public int GroupRows => Format.DType == DType.I4 ? Format.GroupSize : K;

    /// <summary>Packed bytes plus scales: the weight traffic of one full pass.</summary>
    public long Bytes => (PanelBytes * Panels) + ((long)ScaleRows * Panels * Width * sizeof(float));

    public byte* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(QuantPanels));

    /// <summary>Scales of panel p start at Scales + p · ScaleRows · 16; scale row g of it at + g · 16.</summary>
    public float* Scales => _scales != null ? _scales : throw new ObjectDisposedException(nameof(QuantPanels));

    public static QuantPanels Pack(QuantizedMatrix m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var packed = new QuantPanels(m.Format, m.K, m.N);
        for (var p = 0; p < packed.Panels; p++)
        {
            var cols = Math.Min(Width, m.N - (p * Width));
            packed.FillPanel(m, p, cols);
        }

        return packed;
    }

    private void FillPanel(QuantizedMatrix m, int p, int cols)
    {
        byte* panel = _data + (p * PanelBytes);
        var j0 = p * Width;
        for (var row = 0; row < K; row++)
        {
            for (var j = 0; j < cols; j++)
            {
                var src = (row * N) + j0 + j;
                var slot = (row * Width) + j; // f32 and bf16: element index within the panel
                switch (Format.DType)
                {
                    case DType.F32: ((float*)panel)[slot] = m.Values[src]; break;
                    case DType.BF16: ((ushort*)panel)[slot] = m.Bf16[src]; break;
                    case DType.I8: ((sbyte*)panel)[Int8Slot(row, j)] = m.Codes[src]; break;
                    default:
                        // int4: the int8 slot of the pair's block (two pairs per 32 bytes), low nibble for the even pair.
                        byte* b = panel + Int4Slot(row, j);
                        var nibble = (byte)(m.Codes[src] & 0xF);
                        *b = (row & 2) == 0 ? (byte)((*b & 0xF0) | nibble) : (byte)((*b & 0x0F) | (nibble << 4));
                        break;
                }
            }
        }

        float* scales = _scales + ((long)p * ScaleRows * Width);
        for (var g = 0; g < ScaleRows; g++)
        {
            for (var j = 0; j < cols; j++)
            {
                scales[(g * Width) + j] = m.Scales[(g * N) + j0 + j];
            }
        }
    }

    /// <summary>Byte of row k, column j in an int8 panel: pair k / 2's 32 bytes, column-interleaved.</summary>
    public static int Int8Slot(int k, int j) => ((k >> 1) * 2 * Width) + (2 * j) + (k & 1);

    /// <summary>Byte of row k, column j in an int4 panel (nibble: low for pair k / 2 even, high for odd).</summary>
    public static int Int4Slot(int k, int j) => ((k >> 2) * 2 * Width) + (2 * j) + (k & 1);

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            NativeMemory.AlignedFree(_scales);
            _data = null;
            _scales = null;
        }
    }
}

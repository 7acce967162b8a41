using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MoeBench.Core;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>
/// Expands <see cref="QuantPanels"/> panels to fp32 in the fp32 micro-kernel's 16-wide panel layout (K rounded to
/// even, the pad row zero), scales applied: the prefill path, where each dequantized weight is reused by many rows,
/// so unpacking once into an L2-resident block and running the register-blocked fp32 tile beats unpacking per tile.
/// </summary>
internal static unsafe class PanelDequantizer
{
    /// <summary>Panels [p0, p0 + count) of <paramref name="w"/> into dst, panel stride (k rounded to even) · 16 floats.</summary>
    public static void Run(in QuantTask w, int p0, int count, float* dst, bool vector)
    {
        long stride = (long)(w.K + (w.K & 1)) * QuantPanels.Width;
        for (var i = 0; i < count; i++)
        {
            byte* panel = w.Data + ((p0 + i) * w.PanelBytes);
            float* scales = w.Scales + ((long)(p0 + i) * w.ScaleRows * QuantPanels.Width);
            float* out0 = dst + (i * stride);
            if (!vector)
            {
                Scalar(w, panel, scales, out0);
                continue;
            }

            switch (w.DType)
            {
                case DType.F32: Vector<F32Panel>(w, panel, scales, out0); break;
                case DType.BF16: Vector<Bf16Panel>(w, panel, scales, out0); break;
                case DType.I8: Vector<I8Panel>(w, panel, scales, out0); break;
                default: Vector<I4Panel>(w, panel, scales, out0); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vector<TFormat>(in QuantTask w, byte* panel, float* scales, float* dst)
        where TFormat : struct, IPanelFormat
    {
        var scaleRow = 0;
        for (var g0 = 0; g0 < w.K; g0 += w.GroupRows, scaleRow++)
        {
            var s0 = Vector256<float>.One;
            var s1 = Vector256<float>.One;
            if (TFormat.Scaled)
            {
                s0 = Vector256.Load(scales + (scaleRow * QuantPanels.Width));
                s1 = Vector256.Load(scales + (scaleRow * QuantPanels.Width) + 8);
            }

            // Groups are even-sized, so pairs never straddle two; the last pair of an odd K carries the zero pad row.
            int g1 = Math.Min(w.K + (w.K & 1), g0 + w.GroupRows);
            for (int kk = g0; kk < g1; kk += 2)
            {
                TFormat.LoadPair(panel, kk >> 1, out var e0, out var e1, out var o0, out var o1);
                float* d = dst + ((long)kk * QuantPanels.Width);
                (e0 * s0).Store(d);
                (e1 * s1).Store(d + 8);
                (o0 * s0).Store(d + 16);
                (o1 * s1).Store(d + 24);
            }
        }
    }

    /// <summary>Element by element, for processors without AVX2 (slow, but the same values).</summary>
    private static void Scalar(in QuantTask w, byte* panel, float* scales, float* dst)
    {
        int kp = w.K + (w.K & 1);
        for (var kk = 0; kk < kp; kk++)
        {
            for (var j = 0; j < QuantPanels.Width; j++)
            {
                var slot = (kk * QuantPanels.Width) + j;
                float scale = w.ScaleRows == 0 ? 1f : scales[(Math.Min(kk, w.K - 1) / w.GroupRows * QuantPanels.Width) + j];
                dst[slot] = w.DType switch
                {
                    DType.F32 => ((float*)panel)[slot],
                    DType.BF16 => Core.Quant.QuantizedMatrix.FromBf16(((ushort*)panel)[slot]),
                    DType.I8 => ((sbyte*)panel)[QuantPanels.Int8Slot(kk, j)] * scale,
                    _ => Nibble(panel[QuantPanels.Int4Slot(kk, j)], (kk >> 1) & 1) * scale,
                };
            }
        }
    }

    private static int Nibble(byte b, int high) => high == 0 ? ((sbyte)(b << 4)) >> 4 : ((sbyte)b) >> 4;
}

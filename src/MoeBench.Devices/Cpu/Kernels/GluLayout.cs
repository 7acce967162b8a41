using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// The gate+up projection laid out for a SwiGLU epilogue. W13 is [k × 2·ffn], gate columns then up columns; here
/// its columns are reordered into panel pairs — panel 2q holds gate columns [q·NR, q·NR + NR), panel 2q + 1 the up
/// columns of the same range, each half zero-padded to a whole panel — so the work item that finishes a block of C
/// holds every gate value beside its up value and can write silu(gate)·up straight away, while C is in cache,
/// instead of a separate pass over a [rows × 2·ffn] buffer (the fusion Megablocks and vLLM's fused MoE do on GPUs).
/// </summary>
internal static unsafe class GluLayout
{
    /// <summary>Columns of the reordered matrix: both halves padded to whole panels.</summary>
    public static int Columns(int ffn, int panelWidth) => 2 * RoundUp(ffn, panelWidth);

    /// <summary>One expert's W13 [k × 2·ffn] (gate | up) reordered into panel pairs: <paramref name="destination"/> is [k × <see cref="Columns"/>].</summary>
    public static void Interleave(ReadOnlySpan<float> w13, int k, int ffn, int panelWidth, Span<float> destination)
    {
        var columns = Columns(ffn, panelWidth);
        destination[..(k * columns)].Clear();
        for (var row = 0; row < k; row++)
        {
            var src = w13.Slice(row * 2 * ffn, 2 * ffn);
            var dst = destination.Slice(row * columns, columns);
            for (var q = 0; q * panelWidth < ffn; q++)
            {
                var j0 = q * panelWidth;
                var width = Math.Min(panelWidth, ffn - j0);
                src.Slice(j0, width).CopyTo(dst.Slice(2 * q * panelWidth, width));
                src.Slice(ffn + j0, width).CopyTo(dst.Slice(((2 * q) + 1) * panelWidth, width));
            }
        }
    }

    /// <summary>
    /// Rows [0, rows) of C (panels [panel0, panel1), an even start and an even count) → act: for each pair q,
    /// act[r, q·NR + j] = silu(C[r, 2q·NR + j]) · C[r, (2q + 1)·NR + j] for the columns below <paramref name="ffn"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Epilogue(float* c, nint ldc, int rows, int panel0, int panel1, int nr, float* act, int ffn)
    {
        for (var r = 0; r < rows; r++)
        {
            float* cRow = c + (r * ldc);
            float* actRow = act + ((long)r * ffn);
            for (var p = panel0; p + 1 < panel1; p += 2)
            {
                var q = p / 2;
                int j0 = q * nr;
                int width = Math.Min(nr, ffn - j0);
                float* gate = cRow + (p * nr);
                float* up = gate + nr;
                float* output = actRow + j0;
                var j = 0;
                for (; j <= width - 8; j += 8)
                {
                    Silu.Times(Vector256.Load(gate + j), Vector256.Load(up + j)).Store(output + j);
                }

                for (; j < width; j++)
                {
                    output[j] = Silu.Times(gate[j], up[j]);
                }
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}

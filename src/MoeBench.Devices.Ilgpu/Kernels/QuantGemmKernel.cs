using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>
/// Grouped GEMM over weights each group of which has its own format (<see cref="QuantLayout"/>), dequantized as they
/// are read, fp32 activations and accumulation. One thread per output element on every accelerator: the weights are
/// read once per row, and decode-size batches (a few rows per expert) are bound by reading them, not by arithmetic.
/// </summary>
internal static class QuantGemmKernel
{
    public static void PerElement(
        Index2D index, ArrayView<float> a, ArrayView<int> offsets, ArrayView<int> layout, ArrayView<float> values, ArrayView<byte> codes,
        ArrayView<float> scales, ArrayView<float> c, GemmArgs args)
    {
        int col = index.X, row = index.Y;
        if (col >= args.N || row < RowGroups.First(offsets, args) || row >= RowGroups.Rows(offsets, args))
        {
            return;
        }

        var entry = RowGroups.Of(offsets, args, row) * QuantLayout.Fields;
        var kind = layout[entry + QuantLayout.KindField];
        long data = layout[entry + QuantLayout.DataField];
        long scale = layout[entry + QuantLayout.ScaleField];
        var groupSize = layout[entry + QuantLayout.GroupSizeField];
        long aRow = (long)row * args.K;
        var n = args.N;
        var sum = 0f;
        if (kind == QuantLayout.F32)
        {
            for (var p = 0; p < args.K; p++)
            {
                sum += a[aRow + p] * values[data + ((long)p * n) + col];
            }
        }
        else if (kind == QuantLayout.Bf16)
        {
            // bf16 is fp32's top half: the stored pairs of bytes, shifted up, are the fp32 value exactly.
            for (var p = 0; p < args.K; p++)
            {
                var at = 2 * (data + ((long)p * n) + col);
                var bits = (uint)codes[at] | ((uint)codes[at + 1] << 8);
                sum += a[aRow + p] * Interop.IntAsFloat(bits << 16);
            }
        }
        else if (kind == QuantLayout.I8)
        {
            // One scale per column for all of K: multiply the codes first, scale once.
            for (var p = 0; p < args.K; p++)
            {
                sum += a[aRow + p] * (sbyte)codes[data + ((long)p * n) + col];
            }

            sum *= scales[scale + col];
        }
        else
        {
            // int4: rows 2i and 2i+1 share byte i of a column, even row in the low nibble; a scale per group of K rows.
            var groupSum = 0f;
            for (var p = 0; p < args.K; p++)
            {
                var packed = codes[data + ((long)(p / 2) * n) + col];
                var nibble = (p & 1) == 0 ? packed & 0xF : packed >> 4;
                groupSum += a[aRow + p] * ((nibble ^ 8) - 8);
                if ((p + 1) % groupSize == 0 || p + 1 == args.K)
                {
                    sum += groupSum * scales[scale + ((long)(p / groupSize) * n) + col];
                    groupSum = 0f;
                }
            }
        }

        c[((long)row * n) + col] = sum;
    }
}

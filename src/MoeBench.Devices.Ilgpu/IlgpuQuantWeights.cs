using ILGPU.Runtime;
using MoeBench.Core;
using MoeBench.Core.Quant;
using MoeBench.Devices.Ilgpu.Kernels;

namespace MoeBench.Devices.Ilgpu;

/// <summary>
/// Groups of weights each in its own format, packed as given (no requantization, so the reference of the same
/// <see cref="QuantizedMatrix"/> is the exact target): f32 values in one array; bf16 bit patterns, int8 codes and int4
/// code pairs in one byte array; fp32 scales in a third; and a small table (<see cref="QuantLayout"/>) saying where
/// each group's part starts. int4 packs rows 2i and 2i+1 of a column into one byte, even row in the low nibble.
/// </summary>
internal sealed class IlgpuQuantWeights : IDeviceWeights
{
    public IlgpuQuantWeights(Accelerator accelerator, IReadOnlyList<QuantizedMatrix> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new ArgumentException("no weight groups", nameof(groups));
        }

        (K, N) = (groups[0].K, groups[0].N);
        if (groups.Any(q => q.K != K || q.N != N))
        {
            throw new ArgumentException($"every group must be [{K} × {N}]", nameof(groups));
        }

        var layout = new int[groups.Count * QuantLayout.Fields];
        List<float> values = [], scales = [];
        List<byte> codes = [];
        for (var g = 0; g < groups.Count; g++)
        {
            var q = groups[g];
            var entry = layout.AsSpan(g * QuantLayout.Fields, QuantLayout.Fields);
            entry[QuantLayout.ScaleField] = scales.Count;
            scales.AddRange(q.Scales);
            switch (q.Format.DType)
            {
                case DType.F32:
                    (entry[QuantLayout.KindField], entry[QuantLayout.DataField]) = (QuantLayout.F32, values.Count);
                    values.AddRange(q.Values);
                    break;
                case DType.BF16:
                    // Aligned to a whole bf16 element: the kernel indexes the byte array in pairs.
                    (entry[QuantLayout.KindField], entry[QuantLayout.DataField]) = (QuantLayout.Bf16, codes.Count / 2);
                    foreach (var bits in q.Bf16)
                    {
                        codes.Add((byte)bits);
                        codes.Add((byte)(bits >> 8));
                    }

                    break;
                case DType.I8:
                    (entry[QuantLayout.KindField], entry[QuantLayout.DataField]) = (QuantLayout.I8, codes.Count);
                    foreach (var code in q.Codes)
                    {
                        codes.Add((byte)code);
                    }

                    break;
                default:
                    (entry[QuantLayout.KindField], entry[QuantLayout.DataField]) = (QuantLayout.I4, codes.Count);
                    entry[QuantLayout.GroupSizeField] = q.Format.GroupSize;
                    PackInt4(q, codes);
                    break;
            }

            if (codes.Count % 2 != 0)
            {
                codes.Add(0);
            }
        }

        DType = groups.Select(q => q.Format.DType).MinBy(d => d.Bits());
        Groups = groups.Count;
        Layout = Upload(accelerator, layout);
        Values = Upload(accelerator, [.. values]);
        Codes = Upload(accelerator, [.. codes]);
        Scales = Upload(accelerator, [.. scales]);
        Bytes = ((long)values.Count * sizeof(float)) + codes.Count + ((long)scales.Count * sizeof(float));
    }

    public int Groups { get; }

    public int K { get; }

    public int N { get; }

    public DType DType { get; }

    public long Bytes { get; }

    public IlgpuBuffer<int> Layout { get; }

    public IlgpuBuffer<float> Values { get; }

    public IlgpuBuffer<byte> Codes { get; }

    public IlgpuBuffer<float> Scales { get; }

    private static void PackInt4(QuantizedMatrix q, List<byte> codes)
    {
        var c = q.Codes;
        for (var pair = 0; pair < (q.K + 1) / 2; pair++)
        {
            for (var j = 0; j < q.N; j++)
            {
                var low = c[(2 * pair * q.N) + j] & 0xF;
                var high = (2 * pair) + 1 < q.K ? c[(((2 * pair) + 1) * q.N) + j] & 0xF : 0;
                codes.Add((byte)(low | (high << 4)));
            }
        }
    }

    private static IlgpuBuffer<T> Upload<T>(Accelerator accelerator, T[] values)
        where T : unmanaged
    {
        var buffer = new IlgpuBuffer<T>(accelerator, values.Length);
        if (values.Length > 0)
        {
            buffer.View.SubView(0, values.Length).CopyFromCPU(values.AsSpan());
        }

        return buffer;
    }

    public void Dispose()
    {
        Layout.Dispose();
        Values.Dispose();
        Codes.Dispose();
        Scales.Dispose();
    }
}

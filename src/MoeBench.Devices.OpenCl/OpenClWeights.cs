using System.Runtime.InteropServices;
using MoeBench.Core;
using MoeBench.Core.Quant;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// Weights in device memory. fp32 weights (<see cref="IDevice.LoadWeights"/>) are one buffer [groups][k][n], as given.
/// Quantized weights (<see cref="IDevice.LoadQuantizedWeights"/>) keep each group in its own format in one byte buffer,
/// with a descriptor per group (format, byte offset of the values or codes, byte offset of the scales, rows of K per
/// scale) that quant_grouped_gemm.cl decodes; the codes are packed exactly as given, so the reference computed from the
/// same <see cref="QuantizedMatrix"/> is the exact target.
/// </summary>
internal sealed unsafe class OpenClWeights : IDeviceWeights
{
    private readonly OpenClQueue _queue;
    private nint _data;
    private nint _descriptors;

    private OpenClWeights(OpenClQueue queue, DType dtype, int groups, int k, int n, long bytes, bool quantized)
    {
        (_queue, DType, Groups, K, N, Bytes, Quantized) = (queue, dtype, groups, k, n, bytes, quantized);
    }

    /// <summary>Format codes shared with common.cl's FORMAT_* definitions.</summary>
    private enum Format
    {
        F32 = 0,
        Bf16 = 1,
        I8 = 2,
        I4 = 3,
    }

    public int Groups { get; }

    public int K { get; }

    public int N { get; }

    public DType DType { get; }

    public long Bytes { get; }

    /// <summary>Loaded through <see cref="LoadQuantized"/>: read by quant_grouped_gemm, not by the fp32 products.</summary>
    public bool Quantized { get; }

    public nint Data => _data != 0 ? _data : throw new ObjectDisposedException(nameof(OpenClWeights));

    /// <summary>The per-group descriptors of quantized weights (int4 each).</summary>
    public nint Descriptors => _descriptors != 0 ? _descriptors : throw new InvalidOperationException("fp32 weights have no format descriptors");

    public bool Of(OpenClQueue queue) => ReferenceEquals(queue, _queue);

    public static OpenClWeights LoadF32(OpenClQueue queue, ReadOnlySpan<float> weights, int groups, int k, int n)
    {
        var count = (long)groups * k * n;
        var w = new OpenClWeights(queue, DType.F32, groups, k, n, count * sizeof(float), quantized: false);
        w._data = queue.CreateBuffer(w.Bytes);
        fixed (float* source = weights)
        {
            queue.Write(w._data, source, w.Bytes);
        }

        return w;
    }

    public static OpenClWeights LoadQuantized(OpenClQueue queue, IReadOnlyList<QuantizedMatrix> groups)
    {
        var (k, n) = (groups[0].K, groups[0].N);
        var descriptors = new int[groups.Count * 4];
        var blob = new List<byte>();
        for (var g = 0; g < groups.Count; g++)
        {
            var q = groups[g];
            var (format, codes) = Pack(q);
            var codeOffset = Append(blob, codes);
            var scaleOffset = q.Scales.IsEmpty ? 0 : Append(blob, MemoryMarshal.AsBytes(q.Scales).ToArray());
            (descriptors[4 * g], descriptors[(4 * g) + 1], descriptors[(4 * g) + 2]) = ((int)format, codeOffset, scaleOffset);
            descriptors[(4 * g) + 3] = q.Format.DType == DType.I4 ? q.Format.GroupSize : k;
        }

        var narrowest = groups.Select(q => q.Format.DType).MinBy(d => d.Bits());
        var bytes = blob.ToArray();
        var w = new OpenClWeights(queue, narrowest, groups.Count, k, n, bytes.Length, quantized: true);
        w._data = queue.CreateBuffer(bytes.Length);
        w._descriptors = queue.CreateBuffer(descriptors.Length * sizeof(int));
        fixed (byte* b = bytes)
        fixed (int* d = descriptors)
        {
            queue.Write(w._data, b, bytes.Length);
            queue.Write(w._descriptors, d, descriptors.Length * sizeof(int));
        }

        return w;
    }

    public void Dispose()
    {
        if (_data != 0)
        {
            _queue.Release(_data);
            _data = 0;
        }

        if (_descriptors != 0)
        {
            _queue.Release(_descriptors);
            _descriptors = 0;
        }
    }

    /// <summary>A group's values or codes as the kernel reads them; int4 two per byte along K (row 2i low, 2i+1 high).</summary>
    private static (Format Format, byte[] Bytes) Pack(QuantizedMatrix q)
    {
        switch (q.Format.DType)
        {
            case DType.F32:
                return (Format.F32, MemoryMarshal.AsBytes(q.Values).ToArray());
            case DType.BF16:
                return (Format.Bf16, MemoryMarshal.AsBytes(q.Bf16).ToArray());
            case DType.I8:
                return (Format.I8, MemoryMarshal.AsBytes(q.Codes).ToArray());
            default:
                var (k, n) = (q.K, q.N);
                var packed = new byte[(k + 1) / 2 * n];
                for (var row = 0; row < k; row++)
                {
                    var shift = (row & 1) * 4;
                    for (var j = 0; j < n; j++)
                    {
                        packed[(row / 2 * n) + j] |= (byte)((q.Codes[(row * n) + j] & 0xF) << shift);
                    }
                }

                return (Format.I4, packed);
        }
    }

    /// <summary>
    /// Appends <paramref name="part"/> at a 4-byte aligned offset (fp32 reads need it) and returns that offset: an int,
    /// as the kernel's descriptors hold, which a List of bytes (at most 2³¹ − 1 long) always fits.
    /// </summary>
    private static int Append(List<byte> blob, byte[] part)
    {
        while (blob.Count % 4 != 0)
        {
            blob.Add(0);
        }

        var offset = blob.Count;
        blob.AddRange(part);
        return offset;
    }
}

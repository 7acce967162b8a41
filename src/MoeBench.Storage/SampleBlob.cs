using System.Buffers.Binary;

namespace MoeBench.Storage;

/// <summary>
/// Raw samples as one BLOB of little-endian IEEE-754 float64 values, in sample order. A result's samples are
/// always read and written as a whole, never queried one by one, so a row per sample would only cost space
/// (~5x) and one INSERT per sample; the BLOB keeps the exact bits (NaN included) and the order for free.
/// </summary>
internal static class SampleBlob
{
    public static byte[] Encode(IReadOnlyList<double> samples)
    {
        var bytes = new byte[samples.Count * sizeof(double)];
        for (var i = 0; i < samples.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), samples[i]);
        }

        return bytes;
    }

    public static double[] Decode(byte[]? blob)
    {
        if (blob is null || blob.Length == 0)
        {
            return [];
        }

        if (blob.Length % sizeof(double) != 0)
        {
            throw new InvalidDataException($"samples BLOB of {blob.Length} bytes is not a whole number of float64 values");
        }

        var samples = new double[blob.Length / sizeof(double)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadDoubleLittleEndian(blob.AsSpan(i * sizeof(double)));
        }

        return samples;
    }
}

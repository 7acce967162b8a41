namespace MoeBench.Storage.Tests;

public sealed class SampleBlobTests
{
    [Fact]
    public void Samples_round_trip_bit_for_bit_in_order()
    {
        double[] samples = [3.5, 1.0 / 3, double.NaN, double.PositiveInfinity, -0.0, 1e-300, 125_000.25];
        var blob = SampleBlob.Encode(samples);
        Assert.Equal(samples.Length * 8, blob.Length);

        // Little-endian float64: 3.5 is 0x400C000000000000.
        Assert.Equal([0, 0, 0, 0, 0, 0, 0x0C, 0x40], blob[..8]);
        var decoded = SampleBlob.Decode(blob);
        Assert.Equal(
            samples.Select(BitConverter.DoubleToInt64Bits),
            decoded.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void No_samples_is_an_empty_list_and_a_torn_blob_is_rejected()
    {
        Assert.Empty(SampleBlob.Decode(null));
        Assert.Empty(SampleBlob.Decode([]));
        Assert.Throws<InvalidDataException>(() => SampleBlob.Decode(new byte[12]));
    }
}

namespace MoeBench.Devices.Onnx.Tests;

/// <summary>The protobuf wire format the model writer relies on, checked byte by byte against the encoding's specification.</summary>
public sealed class ProtoWriterTests
{
    [Fact]
    public void Varints_take_seven_bits_a_byte_low_group_first_and_negative_int64s_take_ten_bytes()
    {
        var w = new ProtoWriter();

        w.Int64(1, 300);
        w.Int64(2, -1);

        Assert.Equal(
            [0x08, 0xAC, 0x02, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            w.ToArray());
    }

    [Fact]
    public void Strings_and_messages_are_length_prefixed_and_floats_are_four_little_endian_bytes()
    {
        var w = new ProtoWriter();

        w.Message(7, m => m.String(2, "ab"));
        w.Float(2, 1f);

        Assert.Equal([0x3A, 0x04, 0x12, 0x02, (byte)'a', (byte)'b', 0x15, 0x00, 0x00, 0x80, 0x3F], w.ToArray());
    }
}

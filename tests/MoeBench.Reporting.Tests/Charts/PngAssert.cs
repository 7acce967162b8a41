using System.Buffers.Binary;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Tests.Charts;

/// <summary>Checks a chart is a real, readable-size PNG and keeps a copy in the test output for a human to look at.</summary>
internal static class PngAssert
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Dimensions(byte[] png)
    {
        Assert.True(png.Length > 1000, $"PNG of {png.Length} bytes is too small to hold a chart");
        Assert.Equal(Signature, png[..8]);
        // The first chunk is IHDR: 4-byte length, "IHDR", then big-endian width and height.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    public static void Readable(ChartImage chart, params string[] svgTexts)
    {
        var (w, h) = Dimensions(chart.Png);
        Assert.True(w >= 900 && h >= 500, $"{chart.FileStem}: {w}×{h} is below 900×500");
        Assert.Equal((chart.Width, chart.Height), (w, h));
        Assert.Contains("<svg", chart.Svg, StringComparison.Ordinal);
        foreach (var text in svgTexts)
        {
            Assert.Contains(text, chart.Svg, StringComparison.Ordinal);
        }

        var dir = Path.Combine(AppContext.BaseDirectory, "chart-samples");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, chart.FileStem + ".png"), chart.Png);
        File.WriteAllText(Path.Combine(dir, chart.FileStem + ".svg"), chart.Svg);
    }
}

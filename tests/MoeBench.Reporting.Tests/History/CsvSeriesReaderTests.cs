using MoeBench.Reporting.History;

namespace MoeBench.Reporting.Tests.History;

public sealed class CsvSeriesReaderTests
{
    [Fact]
    public void A_bare_column_of_numbers_is_read_without_header()
    {
        var series = Read(["1.5", "2", "", "-3e2"], null);
        Assert.Null(series.Column);
        Assert.Equal([1.5, 2, -300], series.Values);
        Assert.Null(series.Labels);
    }

    [Fact]
    public void A_header_and_a_time_column_give_the_name_and_labels()
    {
        var series = Read(["date,ns", "2026-01-01,10", "2026-01-02, 11.5"], null);
        Assert.Equal("ns", series.Column);
        Assert.Equal([10, 11.5], series.Values);
        Assert.Equal(["2026-01-01", "2026-01-02"], series.Labels!);
    }

    [Fact]
    public void Column_picks_a_named_column()
    {
        var series = Read(["night,\"p50\",p99", "1,10,30", "2,11,31"], "p50");
        Assert.Equal([10, 11], series.Values);
        Assert.Equal(["1", "2"], series.Labels!);
    }

    [Theory]
    [InlineData(new[] { "night,ns", "1,10", "2,ten" }, null, "h.csv:3: field 'ns': 'ten' is not a finite number")]
    [InlineData(new[] { "1", "2", "x,3" }, null, "h.csv:3: 2 fields, expected 1")]
    [InlineData(new[] { "night,ns", "1,10" }, "p99", "h.csv:1: no column 'p99' in the header (night, ns)")]
    [InlineData(new[] { "1", "1e999" }, null, "h.csv:2: field 1: '1e999' is not a finite number")]
    [InlineData(new[] { "", "" }, null, "h.csv: no rows")]
    public void Malformed_input_names_file_line_and_field(string[] lines, string? column, string expected)
    {
        Assert.Null(CsvSeriesReader.Read("h.csv", lines, column, out var error));
        Assert.Equal(expected, error!.Message);
    }

    private static CsvSeries Read(string[] lines, string? column)
    {
        var series = CsvSeriesReader.Read("h.csv", lines, column, out var error);
        Assert.True(series is not null, error?.Message);
        return series;
    }
}

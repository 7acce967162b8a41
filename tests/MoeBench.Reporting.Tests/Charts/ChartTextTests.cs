using MoeBench.Core.Cases;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Tests.Charts;

public sealed class ChartTextTests
{
    [Theory]
    [InlineData(950, "950 ns")]
    [InlineData(9_500, "9.5 µs")]
    [InlineData(12_345_678, "12.3 ms")]
    [InlineData(2.5e9, "2.5 s")]
    public void Times_pick_a_unit_keeping_numbers_between_1_and_1000(double ns, string expected)
    {
        Assert.Equal(expected, TimeUnit.Format(ns));
    }

    [Theory]
    [InlineData(-2, "0.01")]
    [InlineData(0, "1")]
    [InlineData(2, "100")]
    [InlineData(4, "10k")]
    [InlineData(6, "1M")]
    [InlineData(-6, "1e-6")]
    public void Log_ticks_show_the_decade_they_stand_for(double exponent, string expected)
    {
        Assert.Equal(expected, LogAxis.Label(exponent));
    }

    [Fact]
    public void Bar_labels_keep_the_parameters_that_tell_cases_apart_and_drop_those_all_share()
    {
        static CaseSpec Layer(long tokens, string routing) => new(
            CaseLevel.Layer, "mixtral-8x7b@1/8", new CaseParams([new("capacity_factor", 0L), new("dtype", "f32"), new("routing", routing), new("tokens", tokens)]));

        var labels = DeviceComparisonChart.DistinctLabels([Layer(1, "uniform"), Layer(128, "uniform"), Layer(128, "zipf:1.2")]);

        Assert.Equal(["mixtral-8x7b@1/8 routing=uniform tokens=1", "mixtral-8x7b@1/8 routing=uniform tokens=128", "mixtral-8x7b@1/8 routing=zipf:1.2 tokens=128"], labels);
        Assert.Equal([Layer(1, "uniform").Label], DeviceComparisonChart.DistinctLabels([Layer(1, "uniform")]));
    }

    [Fact]
    public void Decade_ranges_span_at_least_two_decades()
    {
        Assert.Equal((1.0, 3.0), LogAxis.DecadeRange([20, 30]));
        Assert.Equal((-1.0, 3.0), LogAxis.DecadeRange([0.5, 500, 0, double.NaN]));
    }

    [Fact]
    public void Long_case_labels_wrap_at_spaces_and_cut_overlong_words()
    {
        var wrapped = TextWrap.Wrap("grouped_gemm cache=cold model=deepseek-v2-lite@1/4 proj=up tokens=16", 20, 6);

        Assert.Equal("grouped_gemm\ncache=cold\nmodel=\ndeepseek-v2-lite@1/4\nproj=up tokens=16", wrapped);
        Assert.All(wrapped.Split('\n'), line => Assert.True(line.Length <= 20, line));
    }

    [Fact]
    public void Overlong_words_split_after_a_separator_when_they_have_one()
    {
        Assert.Equal("capacity_\nfactor=1.25", TextWrap.Wrap("capacity_factor=1.25", 12, 6));
        Assert.Equal("abcdefgh\nij", TextWrap.Wrap("abcdefghij", 8, 6));
    }

    [Fact]
    public void Wrapping_beyond_the_line_limit_says_it_cut()
    {
        Assert.Equal("a b\nc d …", TextWrap.Wrap("a b c d e f", 3, 2));
    }

    [Fact]
    public void Slugs_are_file_name_safe()
    {
        Assert.Equal("modeled-h100-sxm", ChartStyle.Slug("modeled:h100-sxm"));
        Assert.Equal("gemm-k-1024-m-8x7b-1-8", ChartStyle.Slug("gemm k=1024 m=8x7b@1/8"));
    }
}

using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using MoeBench.Reporting.Html;

namespace MoeBench.Reporting.Tests.Charts;

/// <summary>
/// Every chart type, drawn from the most crowded realistic input (<see cref="LongLabelResults"/>), keeps all its text
/// inside the canvas and apart (<see cref="ChartFit"/>); and the fit check itself catches text that does not fit.
/// </summary>
public sealed class ChartFitTests
{
    public static TheoryData<string> ChartTypes() => [.. Types];

    private static readonly string[] Types =
    [
        "device-time", "device-gflops", "device-pct-of-peak", "vendor-log-time", "vendor-log-gflops", "roofline", "expert-load-8",
        "expert-load-128", "layer-phases", "history", "metric-bars", "latency-throughput", "latency-distribution", "batch-timeline",
    ];

    /// <summary>Every chart of one type the long-label run gives.</summary>
    internal static IReadOnlyList<ChartImage> Render(string type)
    {
        var results = LongLabelResults.Results();
        var scenarios = LongLabelResults.Scenarios();
        var labels = ServingCharts.ShortLabels(scenarios);
        return type switch
        {
            "device-time" => DeviceComparisonChart.Render(results),
            "device-gflops" => DeviceComparisonChart.Render(results, BarMetric.Gflops),
            "device-pct-of-peak" => DeviceComparisonChart.Render(results, BarMetric.PctOfPeak),
            "vendor-log-time" => DeviceComparisonChart.Render(results, BarMetric.Time, 3, "vendor", logScale: true),
            "vendor-log-gflops" => DeviceComparisonChart.Render(results, BarMetric.Gflops, 3, "vendor", logScale: true),
            "roofline" => [.. LongLabelResults.Devices.Select(d => RooflineChart.Render(d, results))],
            "expert-load-8" => [ExpertLoadChart.Render(results.First(r => r.Load is { TokensPerExpert.Count: 8 }))],
            "expert-load-128" => [ExpertLoadChart.Render(results.First(r => r.Load is { TokensPerExpert.Count: 128 }))],
            "layer-phases" => [LayerPhaseChart.Render(results)],
            "history" => [HistoryChart.Render(LongLabelResults.History())],
            "metric-bars" => [MetricBarChart.Render(WellKnownMetrics.Goodput, scenarios), MetricBarChart.Render(WellKnownMetrics.TtftP50, scenarios)],
            "latency-throughput" => [LatencyThroughputChart.Render(
                "Serving: TTFT vs throughput",
                [new($"{scenarios[0].Case.Name} mixtral-8x7b@1/4 on {LongLabelResults.Managed.Id}",
                    [.. scenarios.Select(s => s.Metric(WellKnownMetrics.ThroughputTokens.Id)!.Value)],
                    [.. scenarios.Select(s => s.Metric(WellKnownMetrics.TtftP50.Id)!.Value)],
                    [.. scenarios.Select(s => s.Metric(WellKnownMetrics.TtftP50.Id)!.Value * 2.5)],
                    [false, false, false, true])],
                500)],
            "latency-distribution" => [LatencyDistributionChart.Render(
                "TTFT", [.. scenarios.Select((s, i) => new LatencyDistribution(labels[i], s.Metric(WellKnownMetrics.TtftP50.Id)!.Samples, i == 3))], 500, "ttft")],
            "batch-timeline" => [BatchTimelineChart.Render(
                scenarios[3] with { Status = ResultStatus.Invalid, FailureReason = "server fell behind its arrival schedule by 12.4 s (more than 10% of the run); p99 TTFT 3.2 s exceeds the 500 ms SLO" },
                LongLabelResults.Timeline(), scenarios[3].Case.Label)],
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no such chart type"),
        };
    }

    [Theory]
    [MemberData(nameof(ChartTypes))]
    public void Every_text_of_the_chart_lies_inside_the_canvas_and_apart_from_the_others(string type)
    {
        var charts = Render(type);

        Assert.NotEmpty(charts);
        foreach (var chart in charts)
        {
            PngAssert.Readable(chart);
            ChartFit.AssertFits(chart);
        }
    }

    [Theory]
    [InlineData("expert-load-8")]
    [InlineData("history")]
    [InlineData("batch-timeline")]
    public void A_title_naming_a_case_keeps_every_parameter_wrapped_never_cut(string type)
    {
        var chart = Assert.Single(Render(type));
        var title = string.Join(' ', ChartFit.TextBoxes(chart.Svg).Where(b => b.Ink.Top < 100).Select(b => b.Text));
        var label = type == "batch-timeline" ? LongLabelResults.Scenarios()[3].Case.Label : LongLabelResults.Results()[type == "history" ? 0 : ^1].Case.Label;

        Assert.All(label.Split(' '), part => Assert.Contains(part, title, StringComparison.Ordinal));
        Assert.DoesNotContain("…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_every_chart_type_as_png_and_svg_writes_nothing_to_stderr()
    {
        var rendered = 0;

        var stderr = StandardError.Capture(() => rendered = Types.Sum(type => Render(type).Count));

        Assert.True(rendered > 20, $"{rendered} charts");
        Assert.Equal("", stderr);
    }

    [Fact]
    public void The_stderr_capture_sees_what_native_code_writes()
    {
        var captured = StandardError.Capture(() =>
        {
            Console.Error.Write("from .NET\n");
            StandardError.WriteNative("Unsupported path effect in addPaint.\n");
        });

        // The runner and CI are Linux, where file descriptor 2 is redirected.
        Assert.Equal("from .NET\nUnsupported path effect in addPaint.\n", captured);
    }

    [Fact]
    public void The_fit_check_reads_every_text_of_a_chart_with_its_position()
    {
        var chart = Render("expert-load-8")[0];

        var boxes = ChartFit.TextBoxes(chart.Svg);

        // Title lines, axis labels, the eight expert ids, y ticks and the legend's three entries.
        Assert.Contains(boxes, b => b.Text == "expert id" && b.Ink.Bottom > chart.Height - 20 && b.Ink.Bottom <= chart.Height);
        Assert.Contains(boxes, b => b.Text.StartsWith("Expert load:", StringComparison.Ordinal) && b.Ink.Top is >= 0 and < 40);
        Assert.Contains(boxes, b => b.Text == "above mean");
        // The rotated y label is taller than wide.
        Assert.Contains(boxes, b => b.Text == "tokens routed to the expert" && b.Ink.Height > 5 * b.Ink.Width);
    }

    [Fact]
    public void The_fit_check_catches_a_title_wider_than_the_canvas()
    {
        // Drawn by ScottPlot directly: ChartStyle.Render would wrap the title to fit.
        using var plot = new ScottPlot.Plot();
        plot.Title(string.Join(' ', Enumerable.Repeat("quant_grouped_gemm model=mixtral-8x7b@1/4", 4)), ChartStyle.TitleSize);

        Assert.Contains(ChartFit.Problems(plot.GetSvgXml(ChartStyle.Width, ChartStyle.Height)), p => p.StartsWith("'quant_grouped_gemm", StringComparison.Ordinal) && p.Contains("leaves", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fit_check_catches_unwrapped_tick_labels_running_into_each_other()
    {
        var label = "quant_grouped_gemm model=mixtral-8x7b@1/4 proj=down tokens=16 cache=cold weight_dtype=int4 group_size=32";
        var plot = ChartStyle.NewPlot("ticks", "case", "y");
        plot.Axes.Bottom.SetTicks([0, 1, 2], [label, label, label]);
        plot.Axes.SetLimits(-0.5, 2.5, 0, 1);
        var chart = ChartStyle.Render(plot, "overlapping-ticks", "ticks");

        Assert.Contains(ChartFit.Problems(chart.Svg), p => p.Contains("overlaps", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fit_check_catches_text_cut_at_the_edge_of_the_data_area()
    {
        var plot = ChartStyle.NewPlot("clipped", "x", "y");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Add.Text("a note that runs past the right edge of the data area", 0.9, 0.5).LabelFontSize = 14;
        var chart = ChartStyle.Render(plot, "clipped-note", "clipped");

        Assert.Contains(ChartFit.Problems(chart.Svg), p => p.StartsWith("'a note", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_chart_of_a_report_fits_whether_its_labels_are_long_or_plain()
    {
        var crowded = SyntheticResults.Model() with { Results = [.. LongLabelResults.Results(), .. LongLabelResults.Scenarios()] };

        foreach (var model in new[] { crowded, SyntheticResults.Model() })
        {
            var charts = ReportCharts.Build(model).SelectMany(s => s.Charts).ToList();
            Assert.True(charts.Count > 10, $"{charts.Count} charts");
            Assert.All(charts, ChartFit.AssertFits);
        }
    }
}

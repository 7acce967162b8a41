using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using SkiaSharp;

namespace MoeBench.Reporting.Tests.Charts;

/// <summary>
/// Predictions stand beside measurements in the device charts: drawn without samples, hatched in the PNG (the SVG copy
/// keeps no hatch), and named "(modeled)" in the legend.
/// </summary>
public sealed class ModeledBarsTests
{
    private static readonly CaseSpec Gemm = SyntheticResults.Kernel("gemm", ("m", 1024), ("n", 1024), ("k", 1024));

    private static readonly OpCost GemmCost = new(2.0 * 1024 * 1024 * 1024, 3.0 * 4 * 1024 * 1024);

    private static readonly DeviceInfo H100 = new("modeled:h100-sxm", "modeled", "NVIDIA", "H100 SXM5 80GB", 0, [], 80L << 30, 66.9e12, 3.35e12,
        "profile hardware/h100-sxm.yaml sha256:0123456789ab", Provenance.Modeled, "gpu profile, launch 5 us");

    /// <summary>As the modeled evaluator stores a prediction: no samples or statistics, the time as a metric of its own.</summary>
    private static CaseResult Predicted(CaseSpec spec, DeviceInfo device, OpCost cost, double ns) =>
        new(spec, device, Provenance.Modeled, ResultStatus.Ok, null, null, cost, null, Metrics.From(cost, ns, 0, device), [], 0, 1, "hot", null,
            OtherMetrics: [MetricValue.Of(WellKnownMetrics.TimePerInvocation, ns)], Evaluator: "modeled");

    [Fact]
    public void A_prediction_without_statistics_gets_a_bar_in_every_metric()
    {
        var results = new List<CaseResult> { Predicted(Gemm, H100, GemmCost, 45.6e3) };

        foreach (var metric in new[] { BarMetric.Time, BarMetric.Gflops, BarMetric.PctOfPeak })
        {
            var chart = Assert.Single(DeviceComparisonChart.Render(results, metric));
            // 45.6 µs; 2.147 GFLOP / 45.6 µs = 47.1 TFLOP/s; and its share of its own roofs, 70.4% (compute-bound at 66.9 TFLOP/s).
            var label = metric switch { BarMetric.Time => "45.6", BarMetric.Gflops => "47094", _ => "70.4" };
            PngAssert.Readable(chart, "modeled:h100-sxm (modeled)", label);
        }
    }

    [Fact]
    public void Measured_and_modeled_bars_share_a_chart_and_the_modeled_series_says_so()
    {
        var results = new List<CaseResult> { SyntheticResults.Ok(Gemm, SyntheticResults.Cpu, GemmCost, 6.9e6), Predicted(Gemm, H100, GemmCost, 45.6e3) };

        var chart = Assert.Single(DeviceComparisonChart.Render(results, BarMetric.Gflops));

        PngAssert.Readable(chart, "cpu", "modeled:h100-sxm (modeled)", "95% CI of the median");
    }

    [Fact]
    public void On_a_log_axis_a_cpu_and_a_modeled_gpu_two_decades_apart_both_get_labelled_bars()
    {
        var results = new List<CaseResult> { SyntheticResults.Ok(Gemm, SyntheticResults.Cpu, GemmCost, 6.9e6), Predicted(Gemm, H100, GemmCost, 45.6e3) };

        var chart = Assert.Single(DeviceComparisonChart.Render(results, BarMetric.Time, 3, "vendor", logScale: true));

        // The synthetic samples scatter ±2% around 6.9 ms, so the measured label is 6.8x or 6.9x; the prediction is exact.
        PngAssert.Readable(chart, "median time per invocation (ms), log scale", "0.0456", "modeled:h100-sxm (modeled)");
        Assert.Matches(@">\s*6\.[89]\d\s*<", chart.Svg);
        Assert.StartsWith("vendor-kernel-time-", chart.FileStem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_modeled_series_is_hatched_where_the_same_bars_measured_are_solid()
    {
        // The same values under the same series names, once measured and once modeled: only the fill may differ.
        var cost = GemmCost;
        SeriesResult[] Bars(bool modeled) =>
        [
            new("a", SyntheticResults.Ok(Gemm, SyntheticResults.Cpu, cost, 2e6)),
            new("b", modeled ? Predicted(Gemm, H100, cost, 2e6) : SyntheticResults.Ok(Gemm, SyntheticResults.CpuBlas, cost, 2e6)),
        ];

        var solid = SeriesColorPixels(DeviceComparisonChart.Render(Bars(modeled: false), BarMetric.Time, 6).Single(), 1);
        var hatched = SeriesColorPixels(DeviceComparisonChart.Render(Bars(modeled: true), BarMetric.Time, 6).Single(), 1);

        Assert.True(solid > 1000, $"the solid bar is drawn in the series colour ({solid} px)");
        Assert.True(hatched < solid * 0.8, $"stripes cover part of the modeled bar: {hatched} px of the series colour against {solid} solid");
    }

    /// <summary>Pixels of exactly series <paramref name="index"/>'s colour in the chart's PNG.</summary>
    private static int SeriesColorPixels(ChartImage chart, int index)
    {
        var color = ChartStyle.SeriesColor(index);
        using var bitmap = SKBitmap.Decode(chart.Png);
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            count += pixel.Red == color.R && pixel.Green == color.G && pixel.Blue == color.B ? 1 : 0;
        }

        return count;
    }
}

using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Tests.Charts;

public sealed class ChartTests
{
    private readonly List<CaseResult> _results = SyntheticResults.Results();

    [Fact]
    public void Device_bars_render_time_charts_split_by_level_and_magnitude_with_labelled_axes()
    {
        var charts = DeviceComparisonChart.Render(_results);

        Assert.True(charts.Count >= 2, "kernels and layers never share a chart");
        foreach (var chart in charts)
        {
            PngAssert.Readable(chart, "median time per invocation", "case", "cpu-blas", "95% CI of the median");
        }

        Assert.Contains(charts, c => c.Title.StartsWith("MoE layers", StringComparison.Ordinal));
        Assert.Equal(charts.Count, charts.Select(c => c.FileStem).Distinct().Count());
    }

    [Fact]
    public void Each_kernel_op_gets_its_own_device_chart_named_in_its_title()
    {
        var results = LongLabelResults.Results();

        foreach (var metric in new[] { BarMetric.Time, BarMetric.Gflops })
        {
            var kernels = DeviceComparisonChart.Render(results, metric).Where(c => c.Title.StartsWith("Kernel ", StringComparison.Ordinal)).ToList();

            // quant_grouped_gemm, permute, unpermute and the gate: four ops, one page each (GFLOP/s has no page for the FLOP-less two).
            var ops = kernels.Select(c => c.Title["Kernel ".Length..c.Title.IndexOf(':', StringComparison.Ordinal)]).ToList();
            Assert.Equal(ops.Distinct().Count(), ops.Count);
            Assert.Equal(metric == BarMetric.Time ? 4 : 2, ops.Count);
        }
    }

    [Fact]
    public void Device_bars_cap_cases_per_chart()
    {
        var many = Enumerable.Range(0, 13).Select(i => SyntheticResults.Ok(
            SyntheticResults.Kernel("swiglu", ("rows", 1024 + i), ("ffn", 1792)), SyntheticResults.Cpu, new(1e6, 1e6), 50e3 + (i * 1e3))).ToList();

        var charts = DeviceComparisonChart.Render(many, BarMetric.Time, maxCasesPerChart: 5);

        Assert.Equal(3, charts.Count);
        Assert.EndsWith("(3/3)", charts[^1].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_bars_in_gflops_label_the_rate_axis()
    {
        var charts = DeviceComparisonChart.Render(_results, BarMetric.Gflops);

        Assert.NotEmpty(charts);
        PngAssert.Readable(charts[0], "GFLOP/s");
        Assert.All(charts, c => Assert.Contains("gflops", c.FileStem, StringComparison.Ordinal));
    }

    [Fact]
    public void Roofline_names_device_roof_source_and_roofs()
    {
        var chart = RooflineChart.Render(SyntheticResults.Cpu, _results);

        PngAssert.Readable(chart, "arithmetic intensity (FLOP/byte, log scale)", "GFLOP/s (log scale)", "compute roof 452 GFLOP/s",
            "memory roof 46 GB/s", "ridge 9.83 FLOP/byte", "calibration: fp32 FMA loop", "gemm (1)", "layer (2)");
        Assert.Equal("roofline-cpu", chart.FileStem);
    }

    [Fact]
    public void Roofline_names_the_ops_it_leaves_out_for_having_no_flops()
    {
        var chart = RooflineChart.Render(LongLabelResults.Blas, LongLabelResults.Results());

        PngAssert.Readable(chart, "not drawn, no FLOPs: permute, unpermute");
        // cpu-blas's permute failed: a failed result is no point either way, and the title does not list it.
        Assert.DoesNotContain("no FLOPs", RooflineChart.Render(SyntheticResults.CpuBlas, _results).Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Roofline_draws_each_cache_tier_as_a_labelled_memory_roof()
    {
        var device = SyntheticResults.Cpu with
        {
            MemoryTiers = [new("dram", 1L << 34, 46e9, double.NaN), new("l1", 64L << 10, 393e9, double.NaN), new("l2", 2L << 20, 223e9, double.NaN), new("l3", 32L << 20, 20e9, double.NaN)],
        };

        var chart = RooflineChart.Render(device, _results);

        // l3 measured below DRAM is no roof any result was held to (Metrics never holds a tier below main memory).
        Assert.Equal(["dram", "l1", "l2"], RooflineChart.MemoryRoofs(device).Select(t => t.Name));
        PngAssert.Readable(chart, "dram roof 46 GB/s", "l1 roof 393 GB/s", "l2 roof 223 GB/s");
    }

    [Fact]
    public void Roofline_by_level_groups_kernels_and_layers()
    {
        var chart = RooflineChart.Render(SyntheticResults.CpuBlas, _results, RooflineGrouping.Level);

        // cpu-blas: four ok kernels (its permute failed) and two layers.
        PngAssert.Readable(chart, "kernel (4)", "layer (2)");
    }

    [Fact]
    public void Roofline_of_a_device_without_ok_results_still_draws_its_roofs()
    {
        var chart = RooflineChart.Render(SyntheticResults.Device("modeled:x", "modeled", 1e12, 1e11, "profile hardware/x.yaml"), _results);

        PngAssert.Readable(chart, "compute roof 1000 GFLOP/s", "no ok results on this device");
    }

    [Fact]
    public void History_marks_change_points_and_segment_medians()
    {
        var chart = HistoryChart.Render(SyntheticResults.History());

        PngAssert.Readable(chart, "median time per invocation (ms)", "short commit", "change point", "segment median");
    }

    [Fact]
    public void History_of_another_metric_is_drawn_in_its_own_unit_and_direction()
    {
        var chart = HistoryChart.Render(SyntheticResults.History() with { Metric = WellKnownMetrics.Goodput });

        PngAssert.Readable(chart, "goodput_req_s (req/s, higher is better)", "change point");
        Assert.DoesNotContain("time per invocation", chart.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Expert_load_histogram_shows_mean_and_imbalance_figures()
    {
        var layer = _results.First(r => r.Case.Level == CaseLevel.Layer && r.Case.Name.StartsWith("mixtral", StringComparison.Ordinal));

        var chart = ExpertLoadChart.Render(layer);

        PngAssert.Readable(chart, "expert id", "tokens routed to the expert", "max/mean", "CV", "dropped 0", "mean 4 tokens");
    }

    [Fact]
    public void Expert_load_of_many_experts_renders()
    {
        var layer = _results.First(r => r.Case.Name.StartsWith("qwen3", StringComparison.Ordinal));

        PngAssert.Readable(ExpertLoadChart.Render(layer), "128 experts");
    }

    [Fact]
    public void Layer_phases_split_each_profiled_layer_into_shares_with_its_non_gemm_share()
    {
        var chart = LayerPhaseChart.Render(_results);

        PngAssert.Readable(chart, "share of layer time (%)", "experts_up (GEMM)", "swiglu", "combine", "8.0% non-GEMM", "mixtral-8x7b@1/8 t=16 routing=zipf:1.2 · cpu");
    }

    [Fact]
    public void Expert_load_needs_a_load()
    {
        Assert.Throws<ArgumentException>(() => ExpertLoadChart.Render(_results[0]));
    }

    [Fact]
    public void Latency_throughput_curve_plots_p50_and_p99_per_series_with_slo()
    {
        var chart = LatencyThroughputChart.Render("Serving: mixtral-8x7b@1/8, Poisson arrivals",
        [
            new("continuous batching", [100, 400, 800, 1200], [20, 24, 35, 80], [31, 45, 90, 260]),
            new("static batching", [100, 300, 600], [25, 40, 95], [40, 85, 300]),
        ], sloMs: 200);

        PngAssert.Readable(chart, "throughput (tokens/s)", "latency (ms)", "continuous batching p99", "static batching p50", "SLO 200 ms");
    }

    [Fact]
    public void Latency_throughput_rejects_ragged_series()
    {
        Assert.Throws<ArgumentException>(() => LatencyThroughputChart.Render("x", [new("a", [1, 2], [1], [1, 2])]));
    }
}

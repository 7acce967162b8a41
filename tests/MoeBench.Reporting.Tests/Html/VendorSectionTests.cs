using MoeBench.Core;
using MoeBench.Core.Results;
using MoeBench.Reporting.Html;
using MoeBench.Reporting.Tests.Charts;

namespace MoeBench.Reporting.Tests.Html;

/// <summary>The vendor comparison section: one chart set per metric over the cases two or more devices ran.</summary>
public sealed class VendorSectionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "moebench-vendor-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Measured_and_modeled_results_get_time_gflops_and_pct_of_peak_charts_and_stay_out_of_the_metrics_section()
    {
        var h100 = new DeviceInfo("modeled:h100-sxm", "modeled", "NVIDIA", "H100", 0, [], 0, 66.9e12, 3.35e12, "profile", Provenance.Modeled, "gpu profile, launch 5 us");
        var measured = SyntheticResults.Results();
        var predicted = measured.Where(r => r.Device.Id == "cpu" && r.Status == ResultStatus.Ok)
            .Select(r => new CaseResult(r.Case, h100, Provenance.Modeled, ResultStatus.Ok, null, null, r.Cost, null,
                Metrics.From(r.Cost, r.Statistics!.MedianNs / 50, 0, h100), [], 0, 1, "hot", null,
                OtherMetrics: [MetricValue.Of(WellKnownMetrics.TimePerInvocation, r.Statistics.MedianNs / 50)], Evaluator: "modeled"));
        var files = ReportWriter.Write(SyntheticResults.Model(withComparison: false) with { Results = [.. measured, .. predicted] }, _dir);
        var html = File.ReadAllText(files.IndexHtml);
        var pngs = files.ChartFiles.Select(Path.GetFileName).Where(f => f!.EndsWith(".png", StringComparison.Ordinal)).ToList();

        Assert.Contains("<h2>Vendor comparison</h2>", html, StringComparison.Ordinal);
        foreach (var metric in new[] { "time", "gflops", "pct-of-peak" })
        {
            Assert.Contains(pngs, f => f!.StartsWith($"vendor-kernel-{metric}-", StringComparison.Ordinal));
            Assert.Contains(pngs, f => f!.StartsWith($"vendor-layer-{metric}-", StringComparison.Ordinal));
        }

        // Predicted kernels and layers are drawn beside the measured ones, not again as a bar per result.
        Assert.DoesNotContain(pngs, f => f!.StartsWith("metric-", StringComparison.Ordinal));
        Assert.Contains("No scenario or modeled results in this run.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_device_run_says_there_is_nothing_to_compare()
    {
        var cpuOnly = SyntheticResults.Results().Where(r => r.Device.Id == "cpu").ToList();

        var html = File.ReadAllText(ReportWriter.Write(SyntheticResults.Model(withComparison: false) with { Results = cpuOnly }, _dir).IndexHtml);

        Assert.Contains("<h2>Vendor comparison</h2>", html, StringComparison.Ordinal);
        Assert.Contains("No case ran on more than one device in this run.", html, StringComparison.Ordinal);
    }
}

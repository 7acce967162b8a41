using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Html;
using MoeBench.Reporting.Tests.Charts;

namespace MoeBench.Reporting.Tests.Html;

/// <summary>The report's prediction errors: a table and median where a twin pairs up, one line of why where none does.</summary>
public sealed class PredictionSectionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "moebench-prediction-" + Guid.NewGuid().ToString("N"));

    private static readonly CaseSpec[] Cases =
        [.. new[] { 64, 128, 256 }.Select(m => SyntheticResults.Kernel("gemm", ("m", (long)m), ("n", 256L), ("k", 256L)))];

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static DeviceInfo Twin(DeviceInfo of, string identity) =>
        new("modeled:this-cpu", "modeled", "AMD", of.Model, 0, [], 0, 1e11, 1e10, "profile hardware/this-cpu.yaml sha256:0123456789ab",
            Provenance.Modeled, $"cpu profile, launch 1 us; {new TwinOf(of.Id, identity).Text}");

    private static CaseResult Predicted(CaseSpec spec, DeviceInfo device, double ns) =>
        CaseResult.FromMetrics(spec, device, Provenance.Modeled, default, 1, [MetricValue.Of(WellKnownMetrics.TimePerInvocation, ns)], "modeled");

    private string Report(IReadOnlyList<CaseResult> results) =>
        File.ReadAllText(ReportWriter.Write(SyntheticResults.Model(withComparison: false) with { Results = results }, _dir).IndexHtml);

    [Fact]
    public void A_twin_gets_a_row_per_case_and_its_median_error_and_accuracy_in_the_section_and_the_summary()
    {
        var cpu = SyntheticResults.Cpu;
        var measured = Cases.Select(c => SyntheticResults.Ok(c, cpu, new(2e6, 1e5), 1000)).ToList();
        // Off by 10%, 30% and 20% of each measured median: the median error is 20%.
        double[] factors = [1.1, 0.7, 1.2];
        var results = measured.Concat(measured.Select((r, i) => Predicted(r.Case, Twin(cpu, cpu.IdentityKey), factors[i] * r.Statistics!.MedianNs))).ToList();

        var html = Report(results);

        Assert.Contains("<h2>Prediction error</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#prediction\">Prediction error</a>", html, StringComparison.Ordinal);
        const string headline = "modeled:this-cpu vs cpu: median error 20.0% over 3 cases, accuracy 80.0%";
        Assert.Contains($"<p class=\"note\" id=\"summary-prediction\">Prediction error: {headline}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"prediction-median\"><b>{headline}</b></p>", html, StringComparison.Ordinal);
        Assert.Contains("<th data-type=\"num\" tabindex=\"0\">measured (cpu)</th>", html, StringComparison.Ordinal);
        foreach (var error in new[] { "10.0%", "30.0%", "20.0%" })
        {
            Assert.Contains($">{error}</td></tr>", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("prediction-none", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_twin_of_another_identity_says_why_it_pairs_with_nothing_and_how_to_emit_one()
    {
        var cpu = SyntheticResults.Cpu;
        var results = new List<CaseResult> { SyntheticResults.Ok(Cases[0], cpu, new(2e6, 1e5), 1000), Predicted(Cases[0], Twin(cpu, "0123456789abcdef"), 900) };

        var html = Report(results);

        Assert.Contains("<h2>Prediction error</h2>", html, StringComparison.Ordinal);
        Assert.Contains(
            $"modeled:this-cpu was emitted on a cpu of identity 0123456789abcdef, but this run&#39;s cpu is {cpu.IdentityKey}", html, StringComparison.Ordinal);
        Assert.Contains("Run `moebench calibrate --emit-profile hardware/this-cpu.yaml` on this machine", html, StringComparison.Ordinal);
        Assert.Contains("no modeled twin of a measured device pairs up in this run", html, StringComparison.Ordinal);
        Assert.DoesNotContain("prediction-median", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Modeled_devices_without_a_twin_say_no_profile_names_one_and_a_measured_only_run_has_no_section()
    {
        var h100 = new DeviceInfo("modeled:h100-sxm", "modeled", "NVIDIA", "H100", 0, [], 0, 66.9e12, 3.35e12, "profile", Provenance.Modeled, "gpu profile, launch 5 us");
        var measured = SyntheticResults.Ok(Cases[0], SyntheticResults.Cpu, new(2e6, 1e5), 1000);

        var html = Report([measured, Predicted(Cases[0], h100, 3)]);

        Assert.Contains("No modeled device of this run is the twin of a measured one", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2>Prediction error</h2>", Report([measured]), StringComparison.Ordinal);
    }
}

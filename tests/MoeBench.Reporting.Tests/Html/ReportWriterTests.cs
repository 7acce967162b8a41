using System.Globalization;
using System.Text.RegularExpressions;
using MoeBench.Core.Results;
using MoeBench.Reporting.Html;
using MoeBench.Reporting.Tests.Charts;

namespace MoeBench.Reporting.Tests.Html;

public sealed partial class ReportWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "moebench-html-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteAndRead(ReportModel model)
    {
        var files = ReportWriter.Write(model, _dir);
        Assert.Equal(Path.Combine(_dir, "index.html"), files.IndexHtml);
        return File.ReadAllText(files.IndexHtml);
    }

    [Fact]
    public void Page_has_run_header_summary_chart_sections_and_results()
    {
        var html = WriteAndRead(SyntheticResults.Model());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var heading in new[] { "Summary", "Devices", "Roofline", "Expert load", "History", "Comparison", "Results" })
        {
            Assert.Contains($"<h2>{heading}</h2>", html, StringComparison.Ordinal);
        }

        Assert.Contains("<h1>MoeBench report: run 42</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>b571d90c0ffe on main (dirty)</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>quick (9f2c4e1ab7d0)</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>AMD EPYC 9R45 (Zen 5), 2 cores, avx512f,avx512bw,avx512vl</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>2026-11-23 02:15:00 UTC</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>complete</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<li id=\"summary-ok\"><b>13</b>ok</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li id=\"summary-failed\"><b>1</b>failed</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li id=\"summary-measured\"><b>14</b>measured</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li id=\"summary-modeled\"><b>0</b>modeled</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_table_has_one_row_per_result_and_failed_rows_show_their_reason()
    {
        var model = SyntheticResults.Model();
        var html = WriteAndRead(model);

        var table = html[html.IndexOf("<table id=\"results-table\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Equal(model.Results.Count, RowRegex().Count(table));
        Assert.Equal(1, FailedRowRegex().Count(table));
        Assert.Contains("<div class=\"reason\">relative error 3.2e-2 exceeds 1e-4 (max |out-ref| at row 17, col 3)</div>", table, StringComparison.Ordinal);
        Assert.Equal(13, Regex.Count(table, "<th[ >]"));
    }

    [Fact]
    public void A_result_above_its_roof_is_marked_in_its_row_and_listed_in_the_summary()
    {
        var model = SyntheticResults.Model(withComparison: false);
        var results = model.Results.Select(r => r.Status == ResultStatus.Ok && r.Metrics is { } m
            ? r with { Metrics = m with { PctOfPeak = 130, RoofExceeded = true } }
            : r).Take(1).Concat(model.Results.Skip(1)).ToList();

        var html = WriteAndRead(model with { Results = results });

        Assert.Contains("1 result(s) exceed their roof (marked “roof exceeded” below)", html, StringComparison.Ordinal);
        Assert.Contains("130% of its", html, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(html, "<tr class=\"ok roof-exceeded\">"));
        Assert.Contains("— roof exceeded</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("exceed their roof", WriteAndRead(model with { Results = [.. model.Results.Where(r => r.Metrics?.RoofExceeded != true)] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Peers_section_shows_cpus_speed_up_over_each_peer_device_of_the_run()
    {
        var model = SyntheticResults.Model(withComparison: false);

        var html = WriteAndRead(model);

        // The synthetic run has cpu and cpu-blas on the same kernels.
        Assert.Contains("<h2>Peers</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#peers\">Peers</a>", html, StringComparison.Ordinal);
        Assert.Contains("<th data-type=\"num\" tabindex=\"0\">vs cpu-blas</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2>Peers</h2>", WriteAndRead(model with { Results = [.. model.Results.Where(r => r.Device.Id == "cpu")] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_section_appears_only_with_comparison_rows_regressions_first()
    {
        var with = WriteAndRead(SyntheticResults.Model(withComparison: true));
        var firstVerdict = Regex.Match(with, "<td class=\"verdict\" data-value=\"\\d+\">([a-z]+)</td>").Groups[1].Value;
        Assert.Equal("regressed", firstVerdict);
        Assert.Contains("run 41 (baseline) → run 42", with, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\" data-value=\"1.15\">1.15×</td>", with, StringComparison.Ordinal);

        var without = WriteAndRead(SyntheticResults.Model(withComparison: false));
        Assert.DoesNotContain("<h2>Comparison</h2>", without, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_labels_and_reasons_are_html_escaped()
    {
        var results = SyntheticResults.Results();
        var evil = SyntheticResults.Kernel("<script>alert('x')</script>", ("m", 1));
        results.Add(CaseResult.Failed(evil, SyntheticResults.Cpu, "bad & <b>worse</b>", null, new(1, 1), 1, "hot"));
        var html = WriteAndRead(SyntheticResults.Model() with { Results = results });

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>worse</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; m=1", html, StringComparison.Ordinal);
        Assert.Contains("bad &amp; &lt;b&gt;worse&lt;/b&gt;", html, StringComparison.Ordinal);
        // Exactly one script element: the page's own sort script.
        Assert.Single(Regex.Matches(html, "<script"));
    }

    [Fact]
    public void Numbers_are_invariant_under_a_comma_decimal_culture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var saved = CultureInfo.CurrentCulture;
        string html;
        try
        {
            CultureInfo.CurrentCulture = comma;
            html = WriteAndRead(SyntheticResults.Model());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        var values = DataValueRegex().Matches(html).Select(m => m.Groups[1].Value).Where(v => v.Length > 0).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.True(double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _), v));
        Assert.Contains("<td class=\"num\" data-value=\"", html, StringComparison.Ordinal);
        Assert.Matches(@"\d\.\d+ ms</td>", html);
        Assert.DoesNotMatch(@"\d,\d+ (ms|µs|ns)", html);
    }

    [Fact]
    public void Page_is_self_contained_and_chart_files_are_written_beside_it()
    {
        var files = ReportWriter.Write(SyntheticResults.Model(), _dir);
        var html = File.ReadAllText(files.IndexHtml);

        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        var images = Regex.Matches(html, "<img src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(images);
        Assert.All(images, src => Assert.StartsWith("data:image/png;base64,", src, StringComparison.Ordinal));
        Assert.Equal(images.Count * 2, files.ChartFiles.Count);
        Assert.All(files.ChartFiles, f => Assert.True(new FileInfo(f).Length > 0, f));
        Assert.Contains(files.ChartFiles, f => Path.GetFileName(f) == "roofline-cpu-blas.svg");
    }

    [Fact]
    public void Empty_sections_say_why()
    {
        var html = WriteAndRead(SyntheticResults.Model() with { History = null, Results = [.. SyntheticResults.Results().Where(r => r.Case.Level != MoeBench.Core.Cases.CaseLevel.Layer)] });

        Assert.Contains("No history was given for this report.", html, StringComparison.Ordinal);
        Assert.Contains("No layer results with expert load in this run.", html, StringComparison.Ordinal);
        Assert.Contains("No scenario or modeled results in this run.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_without_samples_get_a_bar_chart_per_metric_labelled_with_provenance_and_timed_ones_none()
    {
        var scenario = new MoeBench.Core.Cases.CaseSpec(MoeBench.Core.Cases.CaseLevel.Scenario, "toy_server", new MoeBench.Core.Cases.CaseParams([new("rate", 2.0)]));
        var modeled = CaseResult.FromMetrics(scenario, SyntheticResults.Cpu with { Kind = MoeBench.Core.Provenance.Modeled }, MoeBench.Core.Provenance.Modeled, default, 1,
            [MetricValue.Of(WellKnownMetrics.TtftP50, 12.5), new MetricValue(WellKnownMetrics.Goodput, 3.5, new MetricInterval(3, 4), [])], "toy_modeled");
        var files = ReportWriter.Write(SyntheticResults.Model() with { Results = [.. SyntheticResults.Results(), modeled] }, _dir);
        var html = File.ReadAllText(files.IndexHtml);

        Assert.Equal(
            ["metric-ttft-p50-ms.png", "metric-goodput-req-s.png"],
            files.ChartFiles.Select(Path.GetFileName).Where(f => f!.StartsWith("metric-", StringComparison.Ordinal) && f.EndsWith(".png", StringComparison.Ordinal)));
        Assert.Contains("<h2>Scenario and modeled metrics</h2>", html, StringComparison.Ordinal);
        Assert.Contains("goodput_req_s (req/s, higher is better)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("No scenario or modeled results in this run.", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<tr class=\"(ok|failed)( roof-exceeded)?\">")]
    private static partial Regex RowRegex();

    [GeneratedRegex("<tr class=\"failed\">")]
    private static partial Regex FailedRowRegex();

    [GeneratedRegex("data-value=\"([^\"]*)\"")]
    private static partial Regex DataValueRegex();
}

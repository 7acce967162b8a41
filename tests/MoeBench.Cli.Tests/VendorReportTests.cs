namespace MoeBench.Cli.Tests;

/// <summary>
/// A vendor-like run end to end: <c>calibrate --emit-profile</c> writes cpu's modeled twin, a suite runs the same cases
/// on cpu and the twin, and the report prints the twin's prediction error per case and its median.
/// </summary>
public sealed class VendorReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("moebench-vendor-");

    public void Dispose() => _dir.Delete(recursive: true);

    private CliProcess.Outcome Run(string hardware, params string[] args) =>
        CliProcess.RunIn(_dir.FullName, new Dictionary<string, string?> { ["MOEBENCH_HARDWARE"] = hardware }, args);

    [Fact]
    public void Report_of_cpu_beside_its_emitted_twin_prints_the_median_prediction_error()
    {
        var hardware = Directory.CreateDirectory(Path.Combine(_dir.FullName, "hardware")).FullName;
        var db = Path.Combine(_dir.FullName, "r.db");
        var suite = Path.Combine(_dir.FullName, "vendor-tiny.yaml");
        File.WriteAllText(suite, """
            name: vendor-tiny
            devices: [cpu, modeled:twin]
            engine: {warmup_ms: 10, target_sample_ms: 2, min_samples: 5, max_samples: 20, min_time_ms: 20, max_time_ms: 100, rounds: 1}
            cases:
              - kernel: gemm
                params: {m: [16, 64], n: 128, k: 128}
              - kernel: grouped_gemm
                params: {model: olmoe-1b-7b@1/8, proj: up, tokens: 4}

            """);
        var reportDir = Path.Combine(_dir.FullName, "report");

        var emit = Run(hardware, "calibrate", "--emit-profile", Path.Combine(hardware, "twin.yaml"), "--db", db);
        Assert.True(emit.ExitCode == 0, emit.Stderr);
        var run = Run(hardware, "run", "--suite", suite, "--db", db);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = Run(hardware, "report", "--out", reportDir, "--db", db);
        Assert.True(report.ExitCode == 0, report.Stderr);

        var html = File.ReadAllText(Path.Combine(reportDir, "index.html"));
        Assert.Contains("<h2>Vendor comparison</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Prediction error</h2>", html, StringComparison.Ordinal);
        Assert.Matches(@"id=""summary-prediction"">Prediction error: modeled:twin vs cpu: median error \d+\.\d% over 3 cases, accuracy -?\d+\.\d%", html);
        Assert.Equal(3, RowsOf(html, "prediction-table"));
        Assert.Contains(Directory.GetFiles(reportDir, "vendor-kernel-time-*.png"), f => f.Length > 0);
    }

    /// <summary>Body rows of the first table with class <paramref name="tableClass"/>.</summary>
    private static int RowsOf(string html, string tableClass)
    {
        const string rowStart = "<tr><td class=\"label\">";
        var start = html.IndexOf(tableClass, StringComparison.Ordinal);
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        var table = html[start..end];
        var count = 0;
        for (var i = table.IndexOf(rowStart, StringComparison.Ordinal); i >= 0; i = table.IndexOf(rowStart, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

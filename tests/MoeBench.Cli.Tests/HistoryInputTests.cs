using System.Globalization;
using System.Text.Json;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>
/// <c>history</c> on a store and <c>history --input</c> on a CSV of the same medians (issue 12): the store is
/// written as runs are, one result per nightly run through <see cref="SqliteResultStore"/>, and both are read
/// through the real CLI with <c>--json</c>.
/// </summary>
public sealed class HistoryInputTests
{
    private static readonly DateTimeOffset FirstNight = new(2026, 10, 1, 2, 0, 0, TimeSpan.Zero);

    private static readonly CaseSpec Gemm = new(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 64L), new("n", 256L), new("k", 256L)]));

    [Fact]
    public void A_csv_of_a_stores_medians_gives_the_same_change_points_and_drifts_as_the_store()
    {
        // 30 nights at 100 µs with 1% independent noise, 10% slower from night 15 on.
        var random = new Random(12);
        var results = Enumerable.Range(0, 30).Select(i => Result(100_000 * (i >= 15 ? 1.10 : 1.0) * (1 + (0.01 * Gauss(random))))).ToArray();
        using var dir = new TempDir();
        var db = Store(dir, results);

        // The CSV holds the values the store holds: each result's median time per invocation (Harrell–Davis), round-trip exact.
        var medians = results.Select(r => r.Metric(WellKnownMetrics.TimePerInvocation.Id)!.Value).ToArray();
        var csv = dir.File("medians.csv", "night,median_ns\n" + string.Concat(medians.Select((m, i) => string.Create(CultureInfo.InvariantCulture, $"{i},{m:R}\n"))));

        using var fromStore = Json(CliProcess.Run("history", "--db", db, "--json"));
        using var fromCsv = Json(CliProcess.Run("history", "--input", csv, "--column", "median_ns", "--json"));

        var storeCase = Assert.Single(fromStore.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.Equal(30, storeCase.GetProperty("points").GetInt32());
        var csvSeries = fromCsv.RootElement;
        Assert.Equal(30, csvSeries.GetProperty("points").GetInt32());

        // The step is found, so the comparison below is between two real findings, not two empty lists.
        var step = Assert.Single(storeCase.GetProperty("change_points").EnumerateArray().ToList());
        Assert.Equal(15, step.GetProperty("index").GetInt32());
        Assert.InRange(step.GetProperty("magnitude").GetDouble(), 0.07, 0.13);

        Assert.Equal(Findings(storeCase, "change_points", "index", "before", "after", "magnitude", "confidence"), Findings(csvSeries, "change_points", "index", "before", "after", "magnitude", "confidence"));
        Assert.Equal(Findings(storeCase, "drifts", "start", "end", "span", "rate_per_point", "change"), Findings(csvSeries, "drifts", "start", "end", "span", "rate_per_point", "change"));
        Assert.Equal(Noise(storeCase), Noise(csvSeries));
    }

    [Fact]
    public void A_store_with_a_30_night_creep_of_half_a_percent_a_night_reports_one_drift_and_no_step()
    {
        var random = new Random(30);
        var results = Enumerable.Range(0, 30).Select(i => Result(100_000 * Math.Pow(1.005, i) * (1 + (0.005 * Gauss(random))))).ToArray();
        using var dir = new TempDir();
        var db = Store(dir, results);

        using var history = Json(CliProcess.Run("history", "--db", db, "--json"));

        var single = Assert.Single(history.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.Empty(single.GetProperty("change_points").EnumerateArray());
        var drift = Assert.Single(single.GetProperty("drifts").EnumerateArray().ToList());
        Assert.Equal((0, 29, 30), (drift.GetProperty("start").GetInt32(), drift.GetProperty("end").GetInt32(), drift.GetProperty("span").GetInt32()));
        Assert.InRange(drift.GetProperty("relative_rate_per_point").GetDouble(), 0.004, 0.006);
        Assert.True(drift.GetProperty("start_run_id").GetInt64() < drift.GetProperty("end_run_id").GetInt64());
    }

    /// <summary>One complete run a night, each holding that night's result of the case.</summary>
    private static string Store(TempDir dir, CaseResult[] results)
    {
        var db = dir.File("results.db");
        using var store = SqliteResultStore.Open(db);
        for (var night = 0; night < results.Length; night++)
        {
            var runId = store.BeginRun(Context(FirstNight.AddDays(night)));
            store.AddResult(runId, results[night]);
            store.FinishRun(runId, RunStatus.Complete);
        }

        return db;
    }

    /// <summary>Three samples around the night's value, 1% either side.</summary>
    private static CaseResult Result(double median)
    {
        double[] samples = [median * 0.99, median, median * 1.01];
        return new CaseResult(
            Gemm, Cpu, Provenance.Measured, ResultStatus.Ok, null, 1e-7, new OpCost(2.0 * 64 * 256 * 256, 4.0 * ((64 * 256) + (256 * 256) + (64 * 256))),
            SampleStatistics.From(samples), null, samples, InvocationsPerSample: 1, Seed: 7, Cache: "hot", Load: null);
    }

    private static readonly DeviceInfo Cpu = new("cpu", "managed", "AMD", "EPYC test", 2, ["avx2"], 1L << 34, 1e11, 5e10, DeviceInfo.NotCalibrated, Provenance.Measured);

    private static RunContext Context(DateTimeOffset started) => new(
        "0.0.0-test", "0123456789abcdef0123456789abcdef01234567", "main", false, "history-host", "Linux", ".NET 10", "EPYC test", 2, "avx2",
        "history-e2e", "0000000000000000", started, 7, "", new Dictionary<string, string>());

    private static JsonDocument Json(CliProcess.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        return JsonDocument.Parse(outcome.Stdout);
    }

    /// <summary>Each finding's named fields as text (numbers as JSON prints them), in order.</summary>
    private static List<string> Findings(JsonElement series, string list, params string[] fields) =>
        [.. series.GetProperty(list).EnumerateArray().Select(f => string.Join(" ", fields.Select(name => $"{name}={f.GetProperty(name).GetRawText()}")))];

    private static (string Sigma, string Rho) Noise(JsonElement series) =>
        (series.GetProperty("noise").GetProperty("sigma").GetRawText(), series.GetProperty("noise").GetProperty("rho").GetRawText());

    private static double Gauss(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

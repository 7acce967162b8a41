using Dapper;
using MoeBench.Core;
using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

public sealed class MetricStoreTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_modeled_result_with_a_predicted_time_serving_metrics_and_no_samples_reads_back_with_its_evaluator_and_definitions()
    {
        // A metric no code defines today: it must read back from what was stored, not from WellKnownMetrics.
        var custom = new MetricDefinition("kv_blocks_peak", "blocks", MetricDirection.LowerIsBetter, MetricKind.Count);
        var original = SampleData.Failed() with
        {
            Status = ResultStatus.Ok,
            FailureReason = null,
            RelativeError = null,
            Provenance = Provenance.Modeled,
            Evaluator = "modeled",
            OtherMetrics =
            [
                // A prediction of a metric timed results derive from their samples: kept, though it has no columns.
                MetricValue.Of(WellKnownMetrics.TimePerInvocation, 5.25e5),
                new MetricValue(WellKnownMetrics.TtftP50, 12.5, new MetricInterval(11.75, 13.25), [12.0, 12.5, 13.0]),
                MetricValue.Of(WellKnownMetrics.Goodput, 3.25),
                MetricValue.Of(custom, 17),
            ],
        };
        long runId;
        using (var store = _temp.Open())
        {
            runId = store.BeginRun(SampleData.Context());
            store.AddResult(runId, original);
        }

        using var reopened = _temp.Open();
        var stored = Assert.Single(reopened.GetResults(runId)).Result;
        ResultAssert.Same(original, stored);
        Assert.Equal(["time_per_invocation", "ttft_p50_ms", "goodput_req_s", "kv_blocks_peak"], stored.AllMetrics.Select(m => m.Id));
        Assert.Equal(custom, stored.Metric("kv_blocks_peak")!.Definition);
    }

    [Fact]
    public void A_timed_result_stores_each_of_its_metrics_as_a_row_with_the_time_samples()
    {
        var original = SampleData.Ok();
        using (var store = _temp.Open())
        {
            store.AddResult(store.BeginRun(SampleData.Context()), original);
        }

        using var connection = _temp.Connect();
        var rows = connection.Query<MetricRow>(
            "SELECT metric_id AS MetricId, unit AS Unit, direction AS Direction, kind AS Kind, value AS Value, ci_lower AS CiLower, ci_upper AS CiUpper, samples AS Samples FROM result_metrics ORDER BY rowid").ToList();
        ResultAssert.Same(original.AllMetrics, [.. rows.Select(r => r.ToValue())]);
        Assert.Equal(
            ["time_per_invocation", "gflops", "gbps", "tokens_per_second", "pct_of_peak", "relative_error"],
            rows.Select(r => r.MetricId));
        Assert.Equal("measured", _temp.Scalar<string>("SELECT evaluator FROM results"));
    }

    [Fact]
    public void A_schema_five_database_migrates_every_result_into_metric_rows_equal_to_its_old_columns()
    {
        // A layer with every optional part, one without roofs (no share of peak), and a failure with an error but no samples.
        // Schema 5 had no roof tier (migration 11): its results read back without one.
        var ok = SampleData.Ok();
        var layer = ok with { Metrics = ok.Metrics! with { RoofTier = null } };
        var other = SampleData.Ok(SampleData.LayerCase(tokens: 1), sampleSeed: 2);
        var noRoofs = other with { Metrics = other.Metrics! with { PctOfPeak = double.NaN, Bound = "unknown", TokensPerSecond = null, RoofTier = null, RoofExceeded = false } };
        var failed = SampleData.Failed();
        var runId = Assert.Single(SchemaFiveStore.Write(_temp.Path, [(SampleData.Context(), [layer, noRoofs, failed])]));

        using (var store = _temp.Open())
        {
            var read = store.GetResults(runId);
            Assert.Equal(3, read.Count);
            ResultAssert.Same(layer, read[0].Result);
            ResultAssert.Same(noRoofs, read[1].Result);
            ResultAssert.Same(failed, read[2].Result);
        }

        using var connection = _temp.Connect();
        var rows = connection.Query<MetricRow>(
            "SELECT result_id AS ResultId, metric_id AS MetricId, unit AS Unit, direction AS Direction, kind AS Kind, value AS Value, ci_lower AS CiLower, ci_upper AS CiUpper, samples AS Samples FROM result_metrics ORDER BY result_id, rowid")
            .ToLookup(m => m.ResultId, m => m.ToValue());
        var ids = connection.Query<long>("SELECT id FROM results ORDER BY id").ToList();
        ResultAssert.Same(layer.AllMetrics, [.. rows[ids[0]]]);
        ResultAssert.Same(noRoofs.AllMetrics, [.. rows[ids[1]]]);
        ResultAssert.Same(failed.AllMetrics, [.. rows[ids[2]]]);
        Assert.Equal(["relative_error"], failed.AllMetrics.Select(m => m.Id));
        Assert.Equal(3, _temp.Scalar<long>("SELECT COUNT(*) FROM results WHERE evaluator = 'measured'"));
    }

    [Fact]
    public void A_case_history_follows_the_metric_asked_for_and_skips_results_without_it()
    {
        var scenario = SampleData.Failed() with { Status = ResultStatus.Ok, FailureReason = null, RelativeError = null };
        var goodputs = new List<double>();
        using var store = _temp.Open();
        for (var i = 0; i < 3; i++)
        {
            var runId = store.BeginRun(SampleData.Context() with { StartedUtc = SampleData.Context().StartedUtc.AddHours(i) });
            goodputs.Add(3.0 + i);
            store.AddResult(runId, scenario with { OtherMetrics = [new MetricValue(WellKnownMetrics.Goodput, 3.0 + i, null, [2.5 + i, 3.5 + i])] });
            store.FinishRun(runId, RunStatus.Complete);
        }

        var key = scenario.Device.IdentityKey;
        var history = store.CaseHistory(scenario.Case.Id, key, WellKnownMetrics.Goodput.Id, 10);
        Assert.Equal(goodputs, history.Select(h => h.Value));
        Assert.Equal([4.5, 5.5], history[^1].Samples);
        Assert.Empty(store.CaseHistory(scenario.Case.Id, key, WellKnownMetrics.TimePerInvocation.Id, 10));
    }
}

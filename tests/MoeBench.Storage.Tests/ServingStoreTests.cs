using Dapper;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

/// <summary>Serving results: INVALID status and the per-request records and step timeline (migration 9).</summary>
public sealed class ServingStoreTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CaseResult Serving(ResultStatus status, string? reason) => CaseResult.FromMetrics(
        new CaseSpec(CaseLevel.Scenario, "server", new CaseParams([new("rate", 4.0)])),
        SampleData.Device(), Provenance.Measured, default, 1, [new MetricValue(WellKnownMetrics.TtftP50, 120, null, [100, 120, 140])], "serving") with
    {
        Status = status,
        FailureReason = reason,
        Serving = new ServingTimeline(
            [
                new ServedRequest(0, 0.25, 64, 3, 0.5, [0.5, 0.625, 0.75], 0.75, 0, 0, true),
                new ServedRequest(1, 0.5, 32, 2, null, [], null, 1, 16, false),
            ],
            [new ServedStep(0, 0.25, 0.5, 64, 0, 1, 1, 4), new ServedStep(1, 0.5, 0.625, 32, 1, 2, 0, 7)],
            128),
    };

    [Fact]
    public void An_invalid_serving_result_reads_back_invalid_with_its_rule_and_is_stored_as_failed_for_plain_readers()
    {
        var original = Serving(ResultStatus.Invalid, "server_kept_up: requests finished at 3/s but arrived at 8/s");
        using (var store = _temp.Open())
        {
            store.AddResult(store.BeginRun(SampleData.Context()), original);
        }

        using var reopened = _temp.Open();
        var stored = Assert.Single(reopened.GetResults(1)).Result;
        Assert.Equal((ResultStatus.Invalid, original.FailureReason), (stored.Status, stored.FailureReason));
        Assert.Equal(120, stored.Metric("ttft_p50_ms")!.Value);
        using var connection = _temp.Connect();
        Assert.Equal(("failed", 1L), connection.QuerySingle<(string, long)>("SELECT status, invalid FROM results"));
    }

    [Fact]
    public void A_serving_timeline_reads_back_record_for_record_and_a_result_without_one_has_none()
    {
        var original = Serving(ResultStatus.Ok, null);
        long withTimeline, without;
        using (var store = _temp.Open())
        {
            var run = store.BeginRun(SampleData.Context());
            store.AddResult(run, original);
            store.AddResult(run, SampleData.Ok());
            (withTimeline, without) = (store.GetResults(run)[0].Id, store.GetResults(run)[1].Id);
        }

        using var reopened = _temp.Open();
        var timeline = reopened.GetServingTimeline(withTimeline)!;
        Assert.Equal(original.Serving!.Requests, timeline.Requests, ServedRequestComparer.Instance);
        Assert.Equal(original.Serving.Steps, timeline.Steps);
        Assert.Equal(128, timeline.KvBlocksTotal);
        Assert.Null(reopened.GetServingTimeline(without));
        Assert.Null(reopened.GetResults(1)[0].Result.Serving);
    }

    /// <summary>Records hold lists, which compare by reference; these compare by content.</summary>
    private sealed class ServedRequestComparer : IEqualityComparer<ServedRequest>
    {
        public static ServedRequestComparer Instance { get; } = new();

        public bool Equals(ServedRequest? x, ServedRequest? y) =>
            x is not null && y is not null && x.TokenSeconds.SequenceEqual(y.TokenSeconds) && x == y with { TokenSeconds = x.TokenSeconds };

        public int GetHashCode(ServedRequest obj) => obj.Id;
    }
}

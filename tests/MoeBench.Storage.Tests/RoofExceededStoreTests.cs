using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

/// <summary>
/// Roofs that hold (migration 11): each result keeps the memory tier it was held to and a flag where it beat its roof;
/// results stored before read back unflagged unless their share was above 100%, with no tier.
/// </summary>
public sealed class RoofExceededStoreTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_roof_tier_and_the_exceeded_flag_read_back_as_stored(bool exceeded)
    {
        var ok = SampleData.Ok();
        var result = ok with { Metrics = ok.Metrics! with { PctOfPeak = exceeded ? 112.5 : 87.5, RoofTier = "l2", RoofExceeded = exceeded } };
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, result);

        var read = Assert.Single(store.GetResults(runId)).Result.Metrics!;

        Assert.Equal(("l2", exceeded), (read.RoofTier, read.RoofExceeded));
        Assert.Equal(exceeded ? 1 : 0, _temp.Scalar<long>("SELECT roof_exceeded FROM results"));
    }

    [Fact]
    public void Migrating_a_schema_five_store_flags_the_results_above_their_roof_and_records_no_tier()
    {
        var ok = SampleData.Ok();
        var above = ok with { Metrics = ok.Metrics! with { PctOfPeak = 145.9 } };
        var below = ok with { Case = SampleData.LayerCase(tokens: 16), Metrics = ok.Metrics! with { PctOfPeak = 94 } };
        var runId = Assert.Single(SchemaFiveStore.Write(_temp.Path, [(SampleData.Context(), [above, below, SampleData.Failed()])]));

        using var store = _temp.Open();
        var read = store.GetResults(runId).Select(r => r.Result).ToList();

        Assert.Equal(SqliteResultStore.SchemaVersion, _temp.Scalar<int>("SELECT MAX(version) FROM schema_version"));
        Assert.Equal([true, false], read.Where(r => r.Status == ResultStatus.Ok).Select(r => r.Metrics!.RoofExceeded));
        Assert.All(read.Where(r => r.Metrics is not null), r => Assert.Null(r.Metrics!.RoofTier));
        Assert.Equal(145.9, read[0].Metrics!.PctOfPeak); // kept as measured, never clamped
    }
}

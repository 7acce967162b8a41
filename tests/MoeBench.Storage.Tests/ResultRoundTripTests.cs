using MoeBench.Core.Cases;
using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

public sealed class ResultRoundTripTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ok_result_with_statistics_metrics_samples_and_load_reads_back_field_for_field()
    {
        var original = SampleData.Ok();
        Assert.NotNull(original.Statistics);
        Assert.NotNull(original.Metrics);
        Assert.NotNull(original.Load);
        long runId;
        using (var store = _temp.Open())
        {
            runId = store.BeginRun(SampleData.Context());
            store.AddResult(runId, original);
        }

        using var reopened = _temp.Open();
        var stored = Assert.Single(reopened.GetResults(runId));
        Assert.Equal(runId, stored.RunId);
        Assert.True(stored.Id > 0);
        ResultAssert.Same(original, stored.Result);
        Assert.Equal(original.Case.Id, stored.Result.Case.Id);
        Assert.Equal(37, stored.Result.SamplesNs.Count);
        Assert.Equal(37, stored.Result.Statistics!.Count);
        Assert.Equal([12, 12, 13], stored.Result.SamplesByRound().Select(r => r.Count));
        Assert.Equal(["norm", "gate", "experts_up", "combine"], stored.Result.Profile!.Phases.Select(p => p.Name));
        Assert.Equal(87_500 / 2_587_500.0, stored.Result.Profile.NonGemmShare, 9);
        // 61 FLOP/byte against a ridge of 3.2e12 / 4.6e11 ≈ 7 FLOP/byte.
        Assert.Equal("compute", stored.Result.Metrics!.Bound);
        Assert.Equal(158, stored.Result.Load!.DroppedTokens);
        Assert.Equal([102, 103, 102, 308, 102, 102, 103, 102], stored.Result.Load.TokensPerExpert);
    }

    [Fact]
    public void A_result_of_one_round_stores_no_round_sizes()
    {
        var original = SampleData.Ok() with { RoundSizes = [37] };
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, original);

        var stored = Assert.Single(store.GetResults(runId)).Result;
        Assert.Null(stored.RoundSizes);
        Assert.Single(stored.SamplesByRound());
    }

    [Fact]
    public void Failed_result_without_statistics_reads_back_with_nulls_and_its_reason()
    {
        var original = SampleData.Failed();
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, original);

        var stored = Assert.Single(store.GetResults(runId)).Result;
        ResultAssert.Same(original, stored);
        Assert.Equal(ResultStatus.Failed, stored.Status);
        Assert.Equal(MoeBench.Core.Provenance.Modeled, stored.Provenance);
        Assert.Null(stored.Statistics);
        Assert.Null(stored.Metrics);
        Assert.Null(stored.Load);
        Assert.Empty(stored.SamplesNs);
        Assert.Equal(0.83, stored.RelativeError);
        Assert.StartsWith("output differs from float64 reference", stored.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, _temp.Scalar<long>("SELECT COUNT(*) FROM result_samples"));
    }

    [Fact]
    public void Results_are_scoped_to_their_run()
    {
        using var store = _temp.Open();
        var a = store.BeginRun(SampleData.Context());
        var b = store.BeginRun(SampleData.Context());
        store.AddResult(a, SampleData.Ok(SampleData.LayerCase(tokens: 64)));
        store.AddResult(b, SampleData.Failed());
        store.AddResult(a, SampleData.Ok(SampleData.LayerCase(tokens: 128)));

        Assert.Equal(
            [SampleData.LayerCase(tokens: 64).Id, SampleData.LayerCase(tokens: 128).Id],
            store.GetResults(a).Select(r => r.Result.Case.Id));
        Assert.Equal("grouped_gemm", Assert.Single(store.GetResults(b)).Result.Case.Name);
        Assert.Empty(store.GetResults(b + 1));
    }

    [Fact]
    public void Each_result_keeps_the_device_roofs_it_was_measured_against()
    {
        var before = SampleData.Ok() with { Device = SampleData.Device(peakFlops: 1.0e12) };
        var after = SampleData.Ok() with { Device = SampleData.Device(peakFlops: 3.5e12) };
        Assert.Equal(before.Device.IdentityKey, after.Device.IdentityKey);
        using var store = _temp.Open();
        var (earlier, later) = (store.BeginRun(SampleData.Context()), store.BeginRun(SampleData.Context()));
        store.AddResult(earlier, before);
        store.AddResult(later, after);

        Assert.Equal(1.0e12, Assert.Single(store.GetResults(earlier)).Result.Device.PeakFlopsF32);
        Assert.Equal(3.5e12, Assert.Single(store.GetResults(later)).Result.Device.PeakFlopsF32);
        Assert.Equal(3.5e12, _temp.Scalar<double>("SELECT peak_flops_f32 FROM devices"));
    }

    [Fact]
    public void NaN_doubles_are_stored_as_NULL_and_read_back_as_NaN_where_the_field_is_not_nullable()
    {
        var original = SampleData.Ok();
        var withNaN = original with
        {
            RelativeError = double.NaN,
            Statistics = original.Statistics! with { CiLowerNs = double.NaN },
            Metrics = original.Metrics! with { PctOfPeak = double.NaN },
        };
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, withNaN);

        var stored = Assert.Single(store.GetResults(runId)).Result;
        Assert.True(double.IsNaN(stored.Statistics!.CiLowerNs));
        Assert.True(double.IsNaN(stored.Metrics!.PctOfPeak));

        // A nullable double has no separate "NaN" in SQL: it reads back as "not known".
        Assert.Null(stored.RelativeError);
        Assert.Equal(original.Statistics.MedianNs, stored.Statistics.MedianNs);
        Assert.Equal(1, _temp.Scalar<long>("SELECT COUNT(*) FROM results WHERE ci_lower_ns IS NULL AND pct_of_peak IS NULL"));
    }

    [Fact]
    public void Adding_a_result_to_a_run_that_does_not_exist_fails_and_writes_nothing()
    {
        using var store = _temp.Open();
        Assert.Throws<KeyNotFoundException>(() => store.AddResult(999, SampleData.Ok()));
        Assert.Equal(0, _temp.Scalar<long>("SELECT COUNT(*) FROM cases"));
        Assert.Equal(0, _temp.Scalar<long>("SELECT COUNT(*) FROM results"));
    }

    [Fact]
    public void A_kernel_case_with_integral_params_keeps_its_id()
    {
        var spec = new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 1024), new("n", 1024), new("k", 4096)]));
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, SampleData.Ok(spec));

        var stored = Assert.Single(store.GetResults(runId)).Result.Case;
        Assert.Equal(spec.Id, stored.Id);
        Assert.Equal(spec.Id, _temp.Scalar<string>("SELECT id FROM cases"));
        Assert.Equal("""{"k":4096,"m":1024,"n":1024}""", _temp.Scalar<string>("SELECT params FROM cases"));
    }

    [Fact]
    public void An_integral_double_param_keeps_the_case_id_and_its_value()
    {
        // Canonical JSON writes 2.0 as 2, so the id cannot tell 2.0 from 2; the store keeps the id and the value.
        var spec = new CaseSpec(CaseLevel.Layer, "mixtral-8x7b", new CaseParams([new("alpha", 2.0), new("tokens", 256)]));
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        store.AddResult(runId, SampleData.Ok(spec));

        var stored = Assert.Single(store.GetResults(runId)).Result.Case;
        Assert.Equal(spec.Id, stored.Id);
        Assert.Equal(2.0, stored.Params.GetDouble("alpha", double.NaN));
        Assert.Equal(256, stored.Params.GetInt("tokens"));
    }
}

using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;

namespace MoeBench.Core.Tests.Results;

public sealed class CaseResultRoundsTests
{
    private static CaseResult With(double[] samples, IReadOnlyList<int>? rounds)
    {
        var device = new DeviceInfo("cpu", "managed", "AMD", "x", 2, ["avx2"], 1L << 30, 1e11, 1e10, "test", Provenance.Measured);
        var spec = new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 1L)]));
        return new CaseResult(spec, device, Provenance.Measured, ResultStatus.Ok, null, 0, new OpCost(1, 1), null, null, samples, 1, 1, "hot", null, rounds);
    }

    [Fact]
    public void Samples_split_into_their_rounds_in_order()
    {
        var rounds = With([1, 2, 3, 4, 5, 6], [2, 3, 1]).SamplesByRound();
        Assert.Equal([[1.0, 2], [3.0, 4, 5], [6.0]], rounds.Select(r => r.ToArray()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 2, 2 })]
    [InlineData(new[] { 7, -1 })]
    public void Missing_single_or_inconsistent_round_sizes_read_as_one_round(int[]? sizes)
    {
        var round = Assert.Single(With([1, 2, 3, 4, 5, 6], sizes).SamplesByRound());
        Assert.Equal(6, round.Count);
    }
}

using MoeBench.Core.Cases;
using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

public class CaseFilterTests
{
    private static readonly PlannedCase Gemm = Planned(CaseLevel.Kernel, "gemm", ("m", 1024L), ("n", 64L), ("k", 32L));

    private static readonly PlannedCase Layer = Planned(CaseLevel.Layer, "mixtral-8x7b@1/8", ("tokens", 128L), ("routing", "zipf:1.2"));

    private static PlannedCase Planned(CaseLevel level, string name, params (string Key, object Value)[] values) => new(
        new CaseSpec(level, name, new CaseParams(values.Select(v => KeyValuePair.Create(v.Key, v.Value)))),
        ["cpu"], [], 1);

    [Theory]
    [InlineData("gemm")]
    [InlineData("GEMM")]
    [InlineData("m=1024")]
    [InlineData("gemm*")]
    [InlineData("gemm k=32 m=1024 n=64")]
    [InlineData("*M=1024*")]
    [InlineData("gemm k=?? m=*")]
    [InlineData("g?mm")]
    [InlineData("*")]
    public void Matches_gemm(string glob) => Assert.True(CaseFilter.Matches(glob, Gemm), glob);

    [Theory]
    [InlineData("gemv")]
    [InlineData("m=2048")]
    [InlineData("*m=2048*")]
    [InlineData("mm*")]
    [InlineData("g?m")]
    [InlineData("gemm k=? *")]
    [InlineData("mixtral")]
    public void Does_not_match_gemm(string glob) => Assert.False(CaseFilter.Matches(glob, Gemm), glob);

    [Fact]
    public void Wildcard_globs_match_the_whole_label_name_or_id()
    {
        Assert.True(CaseFilter.Matches("mixtral-8x7b@1/?", Layer));
        Assert.True(CaseFilter.Matches("mixtral*zipf*", Layer));
        Assert.False(CaseFilter.Matches("mixtral*uniform*", Layer));
        Assert.False(CaseFilter.Matches("8x7b*", Layer));
        Assert.True(CaseFilter.Matches("*8x7b*", Layer));
    }

    [Fact]
    public void Matches_by_id_and_id_prefix()
    {
        var id = Layer.Spec.Id;
        Assert.Equal(16, id.Length);

        Assert.True(CaseFilter.Matches(id, Layer));
        Assert.True(CaseFilter.Matches(id[..6].ToUpperInvariant(), Layer));
        Assert.True(CaseFilter.Matches(id[..6] + "*", Layer));
        Assert.False(CaseFilter.Matches(id, Gemm));
    }
}

using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Core.Tests.Ops;

/// <summary>
/// A case's footprint is what the planner refuses oversized cases by, before any buffer exists: it must bound every
/// buffer the cost counts (so a case that fits is never refused for less than it needs), and come from parameters
/// alone (so a 100-million-token case is measured without drawing its routing).
/// </summary>
public sealed class FootprintTests
{
    public static TheoryData<string, CaseLevel, string> Cases => new()
    {
        { "gemm", CaseLevel.Kernel, "m=37 n=53 k=41" },
        { "grouped_gemm", CaseLevel.Kernel, "model=olmoe-1b-7b@1/8 tokens=64 routing=zipf:1.2" },
        { "quant_grouped_gemm", CaseLevel.Kernel, "model=mixtral-8x7b@1/8 tokens=16 weight_dtype=int4 group_size=32" },
        { "gate", CaseLevel.Kernel, "model=olmoe-1b-7b@1/8 tokens=64" },
        { "permute", CaseLevel.Kernel, "model=olmoe-1b-7b@1/8 tokens=64 capacity_factor=1.25" },
        { "unpermute", CaseLevel.Kernel, "model=olmoe-1b-7b@1/8 tokens=64" },
        { "swiglu", CaseLevel.Kernel, "rows=64 ffn=256" },
        { "rmsnorm", CaseLevel.Kernel, "rows=64 hidden=512" },
        { "mixtral-8x7b@1/8", CaseLevel.Layer, "tokens=32" },
        { "qwen3-30b-a3b@1/8", CaseLevel.Layer, "tokens=16 weight_dtype=int8" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_footprint_bounds_the_bytes_the_seeded_cost_counts(string name, CaseLevel level, string parameters)
    {
        var spec = Spec(name, level, parameters);

        var footprint = OpCatalog.Default.For(spec).Footprint(spec);

        Assert.True(footprint >= OpCatalog.Default.Cost(spec, seed: 7).Bytes, $"{spec.Label}: {footprint} B");
    }

    [Fact]
    public void A_hundred_million_token_footprint_takes_no_routing_and_says_terabytes()
    {
        var spec = Spec("grouped_gemm", CaseLevel.Kernel, "model=mixtral-8x7b@1/4 tokens=100000000 routing=uniform");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var footprint = OpCatalog.Default.For(spec).Footprint(spec);

        Assert.True(footprint > 1e12, $"{footprint} B");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < (1 << 20), "the footprint must not allocate the routing");
    }

    private static CaseSpec Spec(string name, CaseLevel level, string parameters) => new(
        level,
        name,
        new CaseParams([.. parameters.Split(' ').Select(p => p.Split('=')).Select(kv => new KeyValuePair<string, object>(kv[0], Value(kv[1])))]));

    private static object Value(string text) => long.TryParse(text, out var whole)
        ? whole
        : double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : text;
}

using System.Text.Json;
using MoeBench.Core.Cases;

namespace MoeBench.Core.Tests.Cases;

public sealed class CaseSpecTests
{
    private static CaseSpec Gemm(params KeyValuePair<string, object>[] values) => new(CaseLevel.Kernel, "gemm", new CaseParams(values));

    private static CaseSpec Layer() => new(CaseLevel.Layer, "mixtral-8x7b@1/8", new CaseParams(
    [
        new("tokens", 128),
        new("routing", "zipf:1.2"),
        new("capacity_factor", 1.25),
    ]));

    [Fact]
    public void Id_is_sixteen_lowercase_hex_digits()
    {
        var id = Layer().Id;

        Assert.Equal(16, id.Length);
        Assert.True(id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')), id);
    }

    // Golden ids: sha256 of the canonical JSON, computed outside .NET (printf '%s' JSON | sha256sum). A case id is a
    // database key; if one of these changes, every stored result's history silently breaks.
    [Fact]
    public void Kernel_case_id_never_changes_meaning()
    {
        var spec = Gemm(new("m", 1024), new("n", 1024), new("k", 1024));

        Assert.Equal("""{"level":"kernel","name":"gemm","params":{"k":1024,"m":1024,"n":1024}}""", spec.CanonicalJson);
        Assert.Equal("4873801a8e31e834", spec.Id);
    }

    [Fact]
    public void Layer_case_id_never_changes_meaning()
    {
        var spec = Layer();

        Assert.Equal(
            """{"level":"layer","name":"mixtral-8x7b@1/8","params":{"capacity_factor":1.25,"routing":"zipf:1.2","tokens":128}}""",
            spec.CanonicalJson);
        Assert.Equal("e529a5f785b2fe03", spec.Id);
    }

    [Fact]
    public void Id_does_not_depend_on_parameter_insertion_order()
    {
        var a = Gemm(new("m", 96), new("n", 6 * 512 + 7), new("k", 1024));
        var b = Gemm(new("k", 1024), new("m", 96), new("n", 6 * 512 + 7));

        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    public static TheoryData<CaseSpec> Variants => new()
    {
        Gemm(new("m", 1024), new("n", 1024), new("k", 1023)),
        Gemm(new("m", 1024), new("n", 1024), new("k", 1024.5)),
        Gemm(new("m", 1024), new("n", 1024), new("k", "1024")),
        Gemm(new("m", 1024), new("n", 1024), new("k", 1024), new("accumulate", false)),
        Gemm(new("m", 1024), new("n", 1024)),
        Gemm(new("m", 1024), new("n", 1024), new("K", 1024)),
        new(CaseLevel.Layer, "gemm", new CaseParams([new("m", 1024), new("n", 1024), new("k", 1024)])),
        new(CaseLevel.Kernel, "grouped_gemm", new CaseParams([new("m", 1024), new("n", 1024), new("k", 1024)])),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Id_changes_when_anything_measured_changes(CaseSpec variant)
    {
        var original = Gemm(new("m", 1024), new("n", 1024), new("k", 1024));

        Assert.NotEqual(original.Id, variant.Id);
        Assert.NotEqual(original, variant);
    }

    [Fact]
    public void Whole_double_and_long_are_the_same_parameter()
    {
        var asDouble = Gemm(new("m", 2.0), new("n", 8));
        var asLong = Gemm(new("m", 2L), new("n", 8));
        var asInt = Gemm(new("m", 2), new("n", 8));

        Assert.Equal(asLong.Id, asDouble.Id);
        Assert.Equal(asLong.Id, asInt.Id);
        Assert.Equal(asLong.Params, asDouble.Params);
        Assert.Equal(asLong.Params.GetHashCode(), asDouble.Params.GetHashCode());
        Assert.Equal(asLong, asDouble);
    }

    [Fact]
    public void Params_read_back_from_json_keep_the_id()
    {
        var spec = Layer();
        using var doc = JsonDocument.Parse(spec.CanonicalJson);

        var back = new CaseSpec(spec.Level, spec.Name, CaseParams.FromJson(doc.RootElement.GetProperty("params")));

        Assert.Equal(spec.Id, back.Id);
        Assert.Equal(spec, back);
    }

    [Fact]
    public void Unsupported_parameter_type_is_rejected_naming_the_key()
    {
        var e = Assert.Throws<ArgumentException>(() => new CaseParams([new("when", DateTime.UnixEpoch)]));

        Assert.Contains("'when'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_lists_parameters_in_key_order_with_invariant_numbers()
    {
        Assert.Equal("mixtral-8x7b@1/8 capacity_factor=1.25 routing=zipf:1.2 tokens=128", Layer().Label);
    }
}

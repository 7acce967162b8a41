using System.Text.Json;
using MoeBench.Core.Results;

namespace MoeBench.Engine.Tests.Suites;

/// <summary><see cref="GateSettings"/> is stored as JSON with a run; it must read back exactly.</summary>
public class GateSettingsTests
{
    public static TheoryData<GateSettings> Settings() => new()
    {
        GateSettings.None,
        new GateSettings(0.05, []),
        new GateSettings(null, [new GateOverride("grouped_gemm*", 0.1)]),
        new GateSettings(0.1 + 0.2, [new GateOverride("*tokens=1 *", 0.08), new GateOverride("say \"hi\" \\ ü →", 1.0 / 3), new GateOverride("a", 0)]),
        new GateSettings(0, [new GateOverride("gemm", 10)]),
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Json_round_trips(GateSettings settings)
    {
        var back = GateSettings.FromJson(settings.ToJson());

        Assert.Equal(settings, back);
        Assert.Equal(settings.MinEffect, back.MinEffect);
        Assert.Equal(settings.Overrides, back.Overrides);
        Assert.Equal(settings.ToJson(), back.ToJson());
    }

    [Fact]
    public void Json_uses_snake_case_keys()
    {
        Assert.Equal(
            """{"min_effect":0.05,"overrides":[{"pattern":"grouped_gemm*","min_effect":0.1}]}""",
            new GateSettings(0.05, [new GateOverride("grouped_gemm*", 0.1)]).ToJson());
        Assert.Equal("""{"min_effect":null,"overrides":[]}""", GateSettings.None.ToJson());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"min_effect":null,"overrides":null}""")]
    [InlineData("""{"overrides":[]}""")]
    public void Nothing_set_reads_as_none(string? json)
    {
        Assert.Same(GateSettings.None, GateSettings.FromJson(json));
    }

    [Fact]
    public void Missing_keys_keep_their_defaults_and_unknown_keys_are_ignored()
    {
        Assert.Equal(new GateSettings(0.05, []), GateSettings.FromJson("""{"min_effect":0.05,"future":{"x":1}}"""));
        Assert.Equal(
            new GateSettings(null, [new GateOverride("b*", 0.2)]),
            GateSettings.FromJson("""{"overrides":[{"pattern":"a*"},{"min_effect":0.1},{"pattern":"","min_effect":0.1},{"pattern":"b*","min_effect":0.2,"note":"x"}]}"""));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"min_effect":"5%"}""")]
    [InlineData("""{"overrides":{}}""")]
    [InlineData("""{"overrides":[1]}""")]
    [InlineData("""{"overrides":[{"pattern":3,"min_effect":0.1}]}""")]
    public void Malformed_json_throws_a_json_exception(string json)
    {
        Assert.ThrowsAny<JsonException>(() => GateSettings.FromJson(json));
    }

    [Fact]
    public void Equality_compares_overrides_by_value()
    {
        var a = new GateSettings(0.05, [new GateOverride("x*", 0.1)]);
        var b = new GateSettings(0.05, new List<GateOverride> { new("x*", 0.1) });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Overrides = [new GateOverride("x*", 0.2)] });
        Assert.NotEqual(a, a with { MinEffect = null });
        Assert.Equal(GateSettings.None, new GateSettings(null, []));
    }
}

using MoeBench.Core.Cases;
using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

/// <summary>quant_grouped_gemm and the layer's weight formats: what loads, what it expands to, and where mistakes are reported.</summary>
public sealed class QuantParamsTests
{
    [Fact]
    public void Group_size_applies_to_int4_only_so_a_grid_gives_one_case_per_other_type()
    {
        var suite = SuiteYaml.Ok("""
            name: q
            cases:
              - kernel: quant_grouped_gemm
                params: {model: olmoe-1b-7b@1/4, tokens: 4, weight_dtype: [bf16, int8, int4], group_size: [32, 128]}
            """);

        Assert.Equal(
            ["bf16 -", "int8 -", "int4 32", "int4 128"],
            suite.Cases.Select(c => $"{c.Spec.Params["weight_dtype"]} {(c.Spec.Params.TryGetValue("group_size", out var g) ? g : "-")}"));
        Assert.All(suite.Cases, c => Assert.Equal("up", c.Spec.Params["proj"]));
    }

    [Fact]
    public void Quant_grouped_gemm_takes_grouped_gemms_explicit_shape_too()
    {
        var suite = SuiteYaml.Ok("""
            name: q
            cases:
              - kernel: quant_grouped_gemm
                params: {experts: 4, top_k: 2, k: 33, n: 45, tokens: 3, weight_dtype: int4, group_size: 32}
            """);

        var spec = Assert.Single(suite.Cases).Spec;
        Assert.Equal((CaseLevel.Kernel, "quant_grouped_gemm", 32L), (spec.Level, spec.Name, spec.Params["group_size"]));
    }

    [Fact]
    public void Layer_weight_params_have_no_defaults_so_existing_layer_cases_keep_their_ids()
    {
        var suite = SuiteYaml.Ok("""
            name: q
            cases:
              - layer: olmoe-1b-7b@1/4
                params: {tokens: 4}
              - layer: olmoe-1b-7b@1/4
                params: {tokens: 4, weight_dtype: int4, group_size: 128, hot_experts: 8, hot_dtype: int8}
            """);

        Assert.False(suite.Cases[0].Spec.Params.ContainsKey("weight_dtype"));
        Assert.Equal(
            "cache=hot capacity_factor=0 const_experts=0 copy_experts=0 dtype=f32 group_size=128 hot_dtype=int8 hot_experts=8 routing=uniform tokens=4 weight_dtype=int4 zero_experts=0",
            suite.Cases[1].Spec.Params.ToString());
    }

    // Columns point at the value written: the int4 that needs a group size, the group size that does not apply.
    [Theory]
    [InlineData("weight_dtype: int4", 59, "cases[0].params.group_size", "group_size is required when weight_dtype is int4 (32 or 128)")]
    [InlineData("weight_dtype: int8, group_size: 32", 77, "cases[0].params.group_size", "group_size applies only when weight_dtype is int4")]
    [InlineData("weight_dtype: int4, group_size: 64", 77, "cases[0].params.group_size", "must be one of 32, 128; got 64")]
    [InlineData("weight_dtype: f32", 59, "cases[0].params.weight_dtype", "unknown weight_dtype 'f32' (known: bf16, int8, int4)")]
    [InlineData("weight_dtype: fp8", 59, "cases[0].params.weight_dtype", "unknown weight_dtype 'fp8'")]
    [InlineData("dtype: int8, weight_dtype: int8", 52, "cases[0].params.dtype", "unknown dtype 'int8' (known: f32)")]
    public void Bad_quant_kernel_params_are_reported_where_written(string extra, int column, string field, string message)
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases(
            $"  - kernel: quant_grouped_gemm\n    params: {{model: olmoe-1b-7b, tokens: 4, {extra}}}\n"));

        Assert.Equal((4, column, field), (error.Line, error.Column, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quant_kernel_needs_a_weight_dtype()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - kernel: quant_grouped_gemm\n    params: {model: olmoe-1b-7b, tokens: 4}\n"));

        Assert.Equal("cases[0].params.weight_dtype", error.Field);
        Assert.Contains("missing required parameter 'weight_dtype'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hot_dtype: int8", 36, "cases[0].params.hot_dtype", "hot_dtype applies only when hot_experts is given")]
    [InlineData("hot_experts: 0", 38, "cases[0].params.hot_experts", "must be ≥ 1, got 0")]
    [InlineData("hot_experts: 2, hot_dtype: int4", 52, "cases[0].params.group_size", "group_size is required when hot_dtype is int4")]
    [InlineData("weight_dtype: int2", 39, "cases[0].params.weight_dtype", "unknown weight_dtype 'int2' (known: f32, bf16, int8, int4)")]
    public void Bad_layer_weight_params_are_reported_where_written(string extra, int column, string field, string message)
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases($"  - layer: olmoe-1b-7b\n    params: {{tokens: 4, {extra}}}\n"));

        Assert.Equal((4, column, field), (error.Line, error.Column, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}

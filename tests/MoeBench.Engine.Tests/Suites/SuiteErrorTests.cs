using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

/// <summary>Each kind of mistake is reported at its exact line, column and field; line numbers are 1-based.</summary>
public class SuiteErrorTests
{
    private static void AssertAt(SuiteError error, int line, int column, string field, string messagePart)
    {
        Assert.Equal(SuiteYaml.File, error.File);
        Assert.Equal((line, column, field), (error.Line, error.Column, error.Field));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_is_file_line_column_field_message()
    {
        Assert.Equal("s.yaml:3:7: cases[0].kernel: boom", new SuiteError("s.yaml", 3, 7, "cases[0].kernel", "boom").ToString());
        Assert.Equal("s.yaml:2:1: bad yaml", new SuiteError("s.yaml", 2, 1, "", "bad yaml").ToString());
    }

    [Fact]
    public void Yaml_syntax_error_is_one_error_at_yamldotnets_position()
    {
        var error = SuiteYaml.Single("name: t\ncases:\n  - kernel: gemm\n    params: {m: [1, 2}\n");

        Assert.Equal(4, error.Line);
        Assert.True(error.Column > 1, error.ToString());
        Assert.Equal("", error.Field);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_one_error_at_line_zero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-suite-{Guid.NewGuid():N}.yaml");
        var result = SuiteLoader.Load(path);

        Assert.Null(result.Suite);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, 0, 0), (error.File, error.Line, error.Column));
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_and_non_mapping_root_are_errors()
    {
        AssertAt(SuiteYaml.Single(""), 1, 1, "", "empty suite");
        AssertAt(SuiteYaml.Single("- a\n- b\n"), 1, 1, "", "expected a mapping");
    }

    [Fact]
    public void Missing_name_and_cases_are_reported_together()
    {
        var errors = SuiteYaml.Errors("description: nothing here\n");

        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], 1, 1, "name", "missing required key 'name'");
        AssertAt(errors[1], 1, 1, "cases", "missing required key 'cases'");
    }

    [Fact]
    public void Unknown_top_level_key_lists_the_allowed_keys()
    {
        var error = SuiteYaml.Single("name: t\nwarmup: 3\ncases:\n  - kernel: gemm\n    params: {m: 1, n: 1, k: 1}\n");

        AssertAt(error, 2, 1, "warmup", "unknown key 'warmup'");
        Assert.Contains("allowed: name, description, tags, devices, engine, cases", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Quick")]
    [InlineData("my suite")]
    [InlineData("'a.b'")]
    [InlineData("\"quick\\n\"")]
    public void Bad_suite_name_is_an_error(string name)
    {
        AssertAt(SuiteYaml.Single($"name: {name}\ncases:\n  - kernel: gemm\n    params: {{m: 1, n: 1, k: 1}}\n"), 1, 7, "name", "not a valid suite name");
    }

    [Fact]
    public void Empty_cases_and_empty_devices_are_errors()
    {
        AssertAt(SuiteYaml.Single("name: t\ncases: []\n"), 2, 8, "cases", "non-empty list");
        AssertAt(
            SuiteYaml.Single("name: t\ndevices: []\ncases:\n  - kernel: gemm\n    params: {m: 1, n: 1, k: 1}\n"),
            2, 10, "devices", "must not be empty");
    }

    [Fact]
    public void Unknown_op_names_the_known_ops()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - kernel: gemv\n    params: {m: 1}\n"));

        AssertAt(error, 3, 13, "cases[0].kernel", "unknown op 'gemv'");
        Assert.Contains("gemm, grouped_gemm, quant_grouped_gemm, gate, permute, unpermute, swiglu, rmsnorm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_needs_exactly_one_of_kernel_layer_and_scenario()
    {
        AssertAt(SuiteYaml.Single(SuiteYaml.WithCases("  - params: {m: 1}\n")), 3, 5, "cases[0]", "missing kernel: OP, layer: MODEL or scenario: NAME");
        AssertAt(
            SuiteYaml.Single(SuiteYaml.WithCases("  - kernel: gemm\n    layer: mixtral-8x7b\n    params: {m: 1, n: 1, k: 1}\n")),
            3, 5, "cases[0]", "give one of kernel:, layer: or scenario:, not kernel: and layer:");
    }

    [Fact]
    public void Unknown_case_key_and_unknown_param_list_what_is_allowed()
    {
        var errors = SuiteYaml.Errors(SuiteYaml.WithCases("""
              - kernel: gemm
                repeat: 3
                params: {m: 1, n: 1, k: 1, tokens: 4}
            """));

        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], 4, 5, "cases[0].repeat", "unknown key 'repeat' (allowed: kernel, layer, scenario, params, devices, tags)");
        AssertAt(errors[1], 5, 32, "cases[0].params.tokens", "unknown key 'tokens' for gemm (allowed: m, n, k, dtype, cache)");
    }

    [Fact]
    public void Unknown_model_includes_the_zoo_message()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - layer: [mixtral-8x7b, mistral-7b@1/2]\n    params: {tokens: 1}\n"));

        AssertAt(error, 3, 27, "cases[0].layer[1]", "unknown model 'mistral-7b' (known: mixtral-8x7b,");
    }

    [Fact]
    public void Bad_scale_is_an_error_at_the_model_param()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - kernel: gate\n    params:\n      tokens: 8\n      model: mixtral-8x7b@1/0\n"));

        AssertAt(error, 6, 14, "cases[0].params.model", "bad scale '1/0'");
    }

    [Fact]
    public void Scale_that_does_not_divide_the_widths_is_an_error()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - layer: mixtral-8x7b@1/3\n    params: {tokens: 8}\n"));

        AssertAt(error, 3, 12, "cases[0].layer", "not divisible by 3");
    }

    [Fact]
    public void Bad_routing_in_a_list_names_the_element()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - layer: olmoe-1b-7b\n    params: {tokens: 8, routing: [uniform, zipf:-1]}\n"));

        AssertAt(error, 4, 44, "cases[0].params.routing[1]", "bad routing 'zipf:-1'");
    }

    [Fact]
    public void Hot_routing_beyond_the_model_expert_count_is_an_error()
    {
        // mixtral has 8 experts, olmoe 64: only the mixtral half of the grid is wrong.
        var error = SuiteYaml.Single(SuiteYaml.WithCases("""
              - layer: [olmoe-1b-7b@1/4, mixtral-8x7b@1/8]
                params:
                  tokens: [1, 2]
                  routing: [uniform, hot:9]
            """));

        AssertAt(error, 6, 26, "cases[0].params.routing[1]", "hot:9 needs at least 9 experts; mixtral-8x7b@1/8 has 8");
    }

    [Fact]
    public void Hot_routing_beyond_explicit_experts_is_an_error()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases(
            "  - kernel: grouped_gemm\n    params: {tokens: 4, experts: 4, top_k: 2, k: 8, n: 8, routing: hot:5}\n"));

        AssertAt(error, 4, 68, "cases[0].params.routing", "hot:5 needs at least 5 experts; experts has 4");
    }

    [Fact]
    public void Top_k_above_experts_is_reported_once_at_top_k()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("""
              - kernel: grouped_gemm
                params:
                  tokens: [1, 2, 3]
                  experts: [4, 8]
                  top_k: 6
                  k: 8
                  n: 8
            """));

        AssertAt(error, 7, 14, "cases[0].params.top_k", "top_k (6) must be ≤ experts (4)");
    }

    [Fact]
    public void Missing_required_params_are_each_reported_at_the_params_mapping()
    {
        var errors = SuiteYaml.Errors(SuiteYaml.WithCases("  - kernel: gemm\n    params:\n      m: 4\n"));

        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], 5, 7, "cases[0].params.n", "missing required parameter 'n' for gemm");
        AssertAt(errors[1], 5, 7, "cases[0].params.k", "missing required parameter 'k' for gemm");
    }

    [Fact]
    public void Missing_params_section_reports_required_params_at_the_entry()
    {
        var errors = SuiteYaml.Errors(SuiteYaml.WithCases("  - kernel: swiglu\n"));

        Assert.Equal(["cases[0].params.rows", "cases[0].params.ffn"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal((3, 5), (e.Line, e.Column)));
    }

    [Fact]
    public void Mixing_grouped_gemm_forms_is_an_error_at_the_first_key_of_the_second_form()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("""
              - kernel: grouped_gemm
                params:
                  tokens: 8
                  model: mixtral-8x7b
                  experts: 8
                  top_k: 2
            """));

        AssertAt(error, 7, 7, "cases[0].params.experts", "either by model + proj or by experts + top_k + k + n, not both");
    }

    [Fact]
    public void Grouped_gemm_without_either_form_is_an_error()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - kernel: grouped_gemm\n    params: {tokens: 8, routing: uniform}\n"));

        AssertAt(error, 4, 13, "cases[0].params", "grouped_gemm needs either model + proj or experts + top_k + k + n");
    }

    [Fact]
    public void Grouped_gemm_shape_form_requires_all_four()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases("  - kernel: grouped_gemm\n    params: {tokens: 8, experts: 8, top_k: 2, k: 16}\n"));

        AssertAt(error, 4, 13, "cases[0].params.n", "missing required parameter 'n'");
    }

    [Theory]
    [InlineData("m: 0", 17, "cases[0].params.m", "must be ≥ 1, got 0")]
    [InlineData("m: 1.5", 17, "cases[0].params.m", "expected an integer, got '1.5'")]
    [InlineData("m: '16'", 17, "cases[0].params.m", "expected an integer, got '16'")]
    [InlineData("m: 4294967296", 17, "cases[0].params.m", "must be ≤ 2147483647")]
    [InlineData("m: {a: 1}", 17, "cases[0].params.m", "expected a scalar or a list of scalars")]
    [InlineData("m: []", 17, "cases[0].params.m", "empty list")]
    [InlineData("m: [[1, 2]]", 18, "cases[0].params.m[0]", "do not nest")]
    [InlineData("m: ", 17, "cases[0].params.m", "missing value")]
    [InlineData("m: 1, cache: warm", 27, "cases[0].params.cache", "must be one of hot, cold; got 'warm'")]
    [InlineData("m: 1, dtype: f16", 27, "cases[0].params.dtype", "unknown dtype 'f16' (known: f32)")]
    public void Wrong_param_types_and_ranges_are_errors(string m, int column, string field, string message)
    {
        var yaml = SuiteYaml.WithCases($"  - kernel: gemm\n    params: {{{m}, n: 1, k: 1}}\n");
        var error = SuiteYaml.Single(yaml);

        AssertAt(error, 4, column, field, message);
    }

    [Fact]
    public void Capacity_factor_must_be_non_negative()
    {
        var error = SuiteYaml.Single(SuiteYaml.WithCases(
            "  - kernel: unpermute\n    params: {tokens: 8, model: olmoe-1b-7b, capacity_factor: -0.5}\n"));

        AssertAt(error, 4, 62, "cases[0].params.capacity_factor", "must be ≥ 0, got -0.5");
    }

    [Fact]
    public void Several_errors_across_the_file_are_reported_at_once_in_file_order()
    {
        var errors = SuiteYaml.Errors("""
            name: Bad
            engine: {min_samples: 1}
            cases:
              - kernel: gemm
                params: {m: 0, n: 1, k: 1}
              - kernel: nope
              - layer: mixtral-8x7b
                params: {tokens: 0, routing: hot:99}
              - layer: mixtral-8x7b
                devices: cpu
                params: {tokens: 1}
            """);

        Assert.Equal(
            [
                "1:7 name", "2:23 engine.min_samples", "5:17 cases[0].params.m", "6:13 cases[1].kernel",
                "8:22 cases[2].params.tokens", "10:14 cases[3].devices",
            ],
            errors.Select(e => $"{e.Line}:{e.Column} {e.Field}"));
    }
}

/// <summary>Slips in where an error points: a tab's own line, a directory named as the suite.</summary>
public sealed class SuiteErrorPositionTests
{
    [Fact]
    public void A_tab_in_the_indentation_is_reported_at_its_own_line_and_column()
    {
        var result = SuiteLoader.Parse("name: x\ncases:\n  - kernel: gemm\n\tparams: {m: 1, n: 1, k: 1}\n", "tab.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("tab in the indentation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_given_as_the_suite_is_named_as_one()
    {
        var error = Assert.Single(SuiteLoader.Load(Path.GetTempPath()).Errors);

        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }
}

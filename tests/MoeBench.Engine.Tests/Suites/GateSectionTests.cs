using MoeBench.Core.Results;
using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

/// <summary>The optional <c>gate:</c> section: regression-gate thresholds a suite sets for itself.</summary>
public class GateSectionTests
{
    /// <summary>Two case entries: one gemm, and grouped_gemm at tokens 1 and 16.</summary>
    private const string Cases = """
        cases:
          - kernel: gemm
            params: {m: 1, n: 1, k: 1}
          - kernel: grouped_gemm
            params: {tokens: [1, 16], experts: 4, top_k: 2, k: 8, n: 8}

        """;

    /// <summary>A suite whose <c>gate:</c> section is <paramref name="body"/> (lines indented by the caller), from line 3.</summary>
    private static string WithGate(string body) => "name: t\ngate:\n" + body + Cases;

    private static void AssertAt(SuiteError error, int line, int column, string field, string message)
    {
        Assert.Equal(SuiteYaml.File, error.File);
        Assert.Equal((line, column, field), (error.Line, error.Column, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Min_effect_and_case_overrides_are_read_as_fractions_in_file_order()
    {
        var suite = SuiteYaml.Ok(WithGate("""
              min_effect: 5%
              cases:
                "grouped_gemm*": 10%
                "*tokens=1 *": 8%
                gemm: 0.025

            """));

        Assert.Equal(0.05, suite.Gate.MinEffect);
        Assert.Equal(
            [new GateOverride("grouped_gemm*", 0.10), new GateOverride("*tokens=1 *", 0.08), new GateOverride("gemm", 0.025)],
            suite.Gate.Overrides);
    }

    [Fact]
    public void Without_a_gate_section_the_suite_has_no_thresholds()
    {
        var suite = SuiteYaml.Ok("name: t\n" + Cases);

        Assert.Same(GateSettings.None, suite.Gate);
        Assert.Null(suite.Gate.MinEffect);
        Assert.Empty(suite.Gate.Overrides);
        Assert.True(suite.Gate.IsEmpty);
    }

    [Fact]
    public void An_empty_gate_mapping_is_no_thresholds()
    {
        Assert.Same(GateSettings.None, SuiteYaml.Ok("name: t\ngate: {}\n" + Cases).Gate);
        Assert.Same(GateSettings.None, SuiteYaml.Ok("name: t\ngate: {cases: {}}\n" + Cases).Gate);
    }

    [Fact]
    public void Each_key_is_optional()
    {
        var onlyMin = SuiteYaml.Ok(WithGate("  min_effect: 4%\n")).Gate;
        Assert.Equal(new GateSettings(0.04, []), onlyMin);

        var onlyCases = SuiteYaml.Ok(WithGate("  cases: {gemm: 12%, grouped_gemm: 7%}\n")).Gate;
        Assert.Null(onlyCases.MinEffect);
        Assert.Equal([new GateOverride("gemm", 0.12), new GateOverride("grouped_gemm", 0.07)], onlyCases.Overrides);
    }

    [Theory]
    [InlineData("5%", 0.05)]
    [InlineData("2.5%", 0.025)]
    [InlineData("0.5%", 0.005)]
    [InlineData(".5%", 0.005)]
    [InlineData("'5%'", 0.05)]
    [InlineData("\"12.5%\"", 0.125)]
    [InlineData("100%", 1.0)]
    [InlineData("1000%", 10.0)]
    [InlineData("0%", 0.0)]
    [InlineData("0", 0.0)]
    [InlineData("0.05", 0.05)]
    [InlineData("5e-2", 0.05)]
    [InlineData("0.999", 0.999)]
    public void Min_effect_is_a_percentage_or_a_fraction(string written, double fraction)
    {
        var gate = SuiteYaml.Ok(WithGate($"  min_effect: {written}\n")).Gate;

        Assert.Equal(fraction, gate.MinEffect);
    }

    [Fact]
    public void Gate_must_be_a_mapping()
    {
        AssertAt(SuiteYaml.Single("name: t\ngate: 5%\n" + Cases), 2, 7, "gate", "expected a mapping with min_effect: and/or cases:");
        AssertAt(SuiteYaml.Single("name: t\ngate:\n" + Cases), 2, 6, "gate", "expected a mapping");
    }

    [Fact]
    public void Unknown_gate_key_lists_the_allowed_keys()
    {
        var error = SuiteYaml.Single(WithGate("  min_effect: 5%\n  threshold: 3%\n"));

        AssertAt(error, 4, 3, "gate.threshold", "unknown key 'threshold' (allowed: min_effect, cases)");
    }

    [Fact]
    public void Gate_is_an_allowed_top_level_key()
    {
        var error = SuiteYaml.Single("name: t\ngates: {}\n" + Cases);

        AssertAt(error, 2, 1, "gates", "allowed: name, description, tags, devices, engine, cases, gate");
    }

    [Theory]
    [InlineData("five", "expected a percentage like 5% or a fraction like 0.05, got 'five'")]
    [InlineData("5x%", "expected a percentage like 5% or 2.5%, got '5x%'")]
    [InlineData("5%%", "expected a percentage like 5% or 2.5%, got '5%%'")]
    [InlineData("'%'", "expected a percentage like 5% or 2.5%, got '%'")]
    [InlineData("1e1%", "expected a percentage like 5% or 2.5%, got '1e1%'")]
    [InlineData("'0.05'", "expected a percentage like 5% or a fraction like 0.05, got '0.05'")]
    [InlineData("true", "expected a percentage like 5% or a fraction like 0.05, got 'true'")]
    [InlineData(".nan", "expected a percentage like 5% or a fraction like 0.05, got '.nan'")]
    [InlineData("-5%", "must not be negative, got -5%")]
    [InlineData("-0.01", "must not be negative, got -0.01")]
    [InlineData("1000.5%", "must be ≤ 1000%, got 1000.5%")]
    [InlineData("1500%", "must be ≤ 1000%, got 1500%")]
    [InlineData("5", "a bare number is a fraction (0.05 = 5%), so 5 would mean 500%; write the percentage instead, e.g. 5% or 500%")]
    [InlineData("1", "so 1 would mean 100%")]
    [InlineData("1.1", "so 1.1 would mean 110%")]
    [InlineData("", "missing value")]
    [InlineData("[5%]", "expected a percentage like 5% or a fraction like 0.05")]
    public void Malformed_min_effect_is_an_error_at_its_value(string written, string message)
    {
        var error = SuiteYaml.Single(WithGate($"  min_effect: {written}\n"));

        // An empty value is a null scalar whose position YamlDotNet puts at the end of the key line.
        AssertAt(error, 3, written.Length == 0 ? 14 : 15, "gate.min_effect", message);
    }

    [Fact]
    public void Malformed_case_effect_is_an_error_at_its_value_named_by_its_pattern()
    {
        var errors = SuiteYaml.Errors(WithGate("""
              cases:
                "grouped_gemm*": 10
                gemm: -1%

            """));

        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], 4, 22, "gate.cases[\"grouped_gemm*\"]", "so 10 would mean 1000%");
        AssertAt(errors[1], 5, 11, "gate.cases[\"gemm\"]", "must not be negative, got -1%");
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("'  '")]
    public void Empty_case_pattern_is_an_error_at_the_key(string pattern)
    {
        var error = SuiteYaml.Single(WithGate($"  cases:\n    {pattern}: 5%\n"));

        AssertAt(error, 4, 5, $"gate.cases[\"{pattern.Trim('"', '\'')}\"]", "empty case pattern");
    }

    [Fact]
    public void Case_pattern_that_selects_no_case_is_an_error_at_the_key()
    {
        var error = SuiteYaml.Single(WithGate("  cases:\n    gemm*: 5%\n    \"grouped_gemm *tokens=3 *\": 5%\n"));

        AssertAt(error, 5, 5, "gate.cases[\"grouped_gemm *tokens=3 *\"]", "'grouped_gemm *tokens=3 *' selects no case of this suite");
    }

    [Fact]
    public void Case_patterns_match_label_name_and_id_as_the_command_line_filter_does()
    {
        var probe = SuiteYaml.Ok("name: t\n" + Cases);
        var id = probe.Cases[^1].Spec.Id;

        // Case-insensitive, a pattern without wildcards is a substring, and the id is a target.
        var gate = SuiteYaml.Ok(WithGate($"  cases:\n    GROUPED_GEMM*: 5%\n    top_k=2: 6%\n    {id}: 7%\n    '{id[..6]}*': 8%\n")).Gate;

        Assert.Equal(4, gate.Overrides.Count);
        Assert.All(gate.Overrides, o => Assert.True(probe.Cases.Any(c => CaseFilter.Matches(o.Pattern, c)), o.Pattern));
    }

    [Fact]
    public void Case_patterns_are_not_checked_against_cases_that_failed_to_load()
    {
        var error = SuiteYaml.Single("""
            name: t
            gate:
              cases: {"grouped_gemm*": 5%}
            cases:
              - kernel: grouped_gem
                params: {tokens: 1}

            """);

        Assert.Equal("cases[0].kernel", error.Field);
    }

    [Fact]
    public void Cases_must_be_a_mapping_of_patterns()
    {
        AssertAt(SuiteYaml.Single(WithGate("  cases: [gemm*]\n")), 3, 10, "gate.cases", "expected a mapping of case glob → min effect");
        AssertAt(SuiteYaml.Single(WithGate("  cases: 5%\n")), 3, 10, "gate.cases", "expected a mapping of case glob → min effect");
        AssertAt(SuiteYaml.Single(WithGate("  cases:\n    [a, b]: 5%\n")), 4, 5, "gate.cases", "a case pattern must be a plain string");
    }

    [Fact]
    public void Every_gate_error_is_reported_in_one_pass()
    {
        var errors = SuiteYaml.Errors(WithGate("""
              min_effect: -3%
              bogus: 1
              cases:
                "": 5%
                nomatch*: 200

            """));

        Assert.Equal(
            [(3, 15, "gate.min_effect"), (4, 3, "gate.bogus"), (6, 5, "gate.cases[\"\"]"), (7, 5, "gate.cases[\"nomatch*\"]"), (7, 15, "gate.cases[\"nomatch*\"]")],
            errors.Select(e => (e.Line, e.Column, e.Field)));
    }

    [Fact]
    public void Duplicate_case_pattern_is_a_yaml_error()
    {
        var error = SuiteYaml.Single(WithGate("  cases:\n    gemm*: 5%\n    gemm*: 6%\n"));

        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Suite_constructed_without_a_gate_has_none()
    {
        var loaded = SuiteYaml.Ok("name: t\n" + Cases);
        var suite = new Suite(loaded.Name, loaded.Path, loaded.Hash, loaded.Description, loaded.Tags, loaded.Settings, loaded.Devices, loaded.Cases);

        Assert.Same(GateSettings.None, suite.Gate);
        Assert.Same(GateSettings.None, (suite with { Gate = GateSettings.None }).Gate);
        Assert.Equal(0.2, new Suite("t", "p", "h", "", [], EngineSettings.Default, ["cpu"], [], new GateSettings(0.2, [])).Gate.MinEffect);
    }

    [Fact]
    public void Gate_changes_the_suite_hash()
    {
        var plain = SuiteYaml.Ok("name: t\n" + Cases);
        var gated = SuiteYaml.Ok(WithGate("  min_effect: 5%\n"));

        Assert.NotEqual(plain.Hash, gated.Hash);
        Assert.Equal(plain.Cases.Select(c => c.Spec.Id), gated.Cases.Select(c => c.Spec.Id));
    }
}

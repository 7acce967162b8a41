using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

/// <summary><c>scenario:</c> entries: checked against a registered scenario's schema and expanded as kernels are.</summary>
public sealed class ScenarioEntryTests
{
    private static readonly ScenarioCatalog Toy = new(
    [
        new OpSchema("toy_server", [new ParamSpec("rate", ParamKind.Number, Required: true) { Min = 0 }, new ParamSpec("prompt_tokens", ParamKind.Whole, Default: 128L) { Min = 1 }], []),
    ]);

    private static SuiteLoadResult Parse(string cases, ScenarioCatalog? catalog = null) =>
        SuiteLoader.Parse(SuiteYaml.WithCases(cases), SuiteYaml.File, scenarios: catalog ?? Toy);

    [Fact]
    public void A_scenario_entry_expands_its_grid_into_scenario_cases_with_defaults()
    {
        var result = Parse("  - kernel: gemm\n    params: {m: 2, n: 2, k: 2}\n  - scenario: toy_server\n    params: {rate: [0.5, 2]}\n");

        Assert.Empty(result.Errors);
        var scenarios = result.Suite!.Cases.Where(c => c.Spec.Level == CaseLevel.Scenario).ToList();
        Assert.Equal([0.5, 2.0], scenarios.Select(c => c.Spec.Params.GetDouble("rate", 0)));
        Assert.All(scenarios, c =>
        {
            Assert.Equal("toy_server", c.Spec.Name);
            Assert.Equal(128, c.Spec.Params.GetInt("prompt_tokens"));
            Assert.Equal(5, c.Line);
        });
    }

    [Fact]
    public void An_unknown_scenario_is_an_error_at_its_file_line_and_field_naming_the_known_ones()
    {
        var error = Assert.Single(Parse("  - kernel: gemm\n    params: {m: 2, n: 2, k: 2}\n  - scenario: tyo_server\n").Errors);

        Assert.Equal((SuiteYaml.File, 5, "cases[1].scenario"), (error.File, error.Line, error.Field));
        Assert.Equal("unknown scenario 'tyo_server' (known: toy_server)", error.Message);
    }

    [Fact]
    public void Without_registered_scenarios_every_scenario_entry_is_unknown()
    {
        var error = Assert.Single(Parse("  - scenario: server\n", ScenarioCatalog.None).Errors);
        Assert.Equal((3, "cases[0].scenario"), (error.Line, error.Field));
        Assert.Contains("known: none registered", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  - scenario: toy_server\n    params: {rate: 1, burst: 2}\n", "cases[0].params.burst")]
    [InlineData("  - scenario: toy_server\n    params: {rate: -1}\n", "cases[0].params.rate")]
    [InlineData("  - scenario: toy_server\n    kernel: gemm\n", "cases[0]")]
    public void Scenario_params_and_targets_are_checked_as_for_kernels(string cases, string field)
    {
        var errors = Parse(cases).Errors;
        Assert.Contains(errors, e => e.Field == field);
    }
}

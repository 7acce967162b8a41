namespace MoeBench.Serving.Tests.Scenarios;

/// <summary>Serving entries in a suite: sweeps expand, bad input stops at load with file, line and field.</summary>
public sealed class ServingScenarioEntryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("moebench-scenario-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_rate_list_expands_into_one_server_case_per_rate_with_the_defaults_filled_in()
    {
        var result = ScenarioCases.Load("  - scenario: server\n    params: {rate: [0.5, 1, 2, 4], min_duration_s: 5}\n");

        Assert.Empty(result.Errors);
        var cases = result.Suite!.Cases;
        Assert.Equal([0.5, 1, 2, 4], cases.Select(c => c.Spec.Params.GetDouble("rate", 0)));
        Assert.All(cases, c => Assert.Equal(("uniform:32:128", 1.0), ((string)c.Spec.Params["prompt_lengths"], c.Spec.Params.GetDouble("burstiness", 0))));
        Assert.Equal(4, cases.Select(c => c.Spec.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("{rate: 0}", "cases[0].params.rate", "must be > 0")]
    [InlineData("{rate: -2}", "cases[0].params.rate", "must be > 0")]
    [InlineData("{rate: 1, burstiness: 0}", "cases[0].params.burstiness", "must be > 0")]
    [InlineData("{rate: 1, prompt_lengths: 'uniform:9:4'}", "cases[0].params.prompt_lengths", "expected fixed:N")]
    [InlineData("{min_queries: 3}", "cases[0].params", "server needs either rate")]
    public void Bad_server_parameters_are_errors_at_their_field(string parameters, string field, string message)
    {
        var error = Assert.Single(ScenarioCases.Load($"  - scenario: server\n    params: {parameters}\n").Errors);

        Assert.Equal(("serving-test.yaml", 5, field), (error.File, error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_with_a_malformed_line_stops_the_suite_at_load_naming_the_trace_file_line_and_field()
    {
        var trace = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:04.0319600,4808,ten\n");

        var result = ScenarioCases.Load($"  - scenario: server\n    params: {{trace: '{trace}'}}\n");

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Suite);
        Assert.Equal("cases[0].params.trace", error.Field);
        Assert.Equal($"{trace}:3: GeneratedTokens: expected a whole number of tokens ≥ 1, got 'ten'", error.Message);
    }

    [Fact]
    public void An_empty_trace_is_an_error_at_load()
    {
        var trace = Path.Combine(_dir, "empty.jsonl");
        File.WriteAllText(trace, "\n");

        var error = Assert.Single(ScenarioCases.Load($"  - scenario: server\n    params: {{trace: '{trace}'}}\n").Errors);

        Assert.Contains("holds no requests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_and_single_stream_take_lengths_but_no_rate()
    {
        var error = Assert.Single(ScenarioCases.Load("  - scenario: offline\n    params: {rate: 1}\n").Errors);

        Assert.Equal("cases[0].params.rate", error.Field);
        Assert.NotNull(ScenarioCases.Single("  - scenario: single_stream\n    params: {output_lengths: 'fixed:4'}\n"));
    }
}

namespace MoeBench.Engine.Tests.Suites;

public class EngineSectionTests
{
    [Theory]
    [InlineData("warmup_ms: 0", "engine.warmup_ms", "must be > 0, got 0")]
    [InlineData("target_sample_ms: -1", "engine.target_sample_ms", "must be > 0, got -1")]
    [InlineData("min_samples: 1", "engine.min_samples", "must be ≥ 2, got 1")]
    [InlineData("min_samples: 2.5", "engine.min_samples", "expected an integer")]
    [InlineData("max_samples: 5", "engine.max_samples", "max_samples (5) must be ≥ min_samples (10)")]
    [InlineData("min_samples: 300", "engine.min_samples", "max_samples (200) must be ≥ min_samples (300)")]
    [InlineData("min_time_ms: -1", "engine.min_time_ms", "must be ≥ 0, got -1")]
    [InlineData("max_time_ms: 100", "engine.max_time_ms", "max_time_ms (100) must be ≥ min_time_ms (250)")]
    [InlineData("seed: 4294967296", "engine.seed", "must be ≤ 2147483647")]
    [InlineData("cold_working_set_mb: 0", "engine.cold_working_set_mb", "must be ≥ 1, got 0")]
    [InlineData("warmup: 5", "engine.warmup", "unknown key 'warmup' (allowed: warmup_ms, target_sample_ms, min_samples,")]
    public void Engine_values_are_range_checked(string line, string field, string message)
    {
        var yaml = $"name: t\nengine:\n  {line}\ncases:\n  - kernel: gemm\n    params: {{m: 1, n: 1, k: 1}}\n";
        var error = SuiteYaml.Single(yaml);

        Assert.Equal(3, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_must_be_a_mapping()
    {
        var error = SuiteYaml.Single("name: t\nengine: fast\ncases:\n  - kernel: gemm\n    params: {m: 1, n: 1, k: 1}\n");

        Assert.Equal((2, 9, "engine"), (error.Line, error.Column, error.Field));
        Assert.Equal("expected a mapping of engine settings", error.Message);
    }

    [Fact]
    public void Unset_engine_keys_keep_their_defaults()
    {
        var suite = SuiteYaml.Ok("name: t\nengine: {seed: 5}\ncases:\n  - kernel: gemm\n    params: {m: 1, n: 1, k: 1}\n");

        Assert.Equal(EngineSettings.Default with { Seed = 5 }, suite.Settings);
    }
}

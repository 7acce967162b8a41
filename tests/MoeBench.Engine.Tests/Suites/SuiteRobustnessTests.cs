using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

/// <summary>Bad input never throws: mangled suites come back as errors, never as exceptions.</summary>
public class SuiteRobustnessTests
{
    private const string Valid = """
        name: quick
        description: smoke
        tags: [ci]
        devices: [cpu]
        engine: {warmup_ms: 10, min_samples: 3, max_samples: 9, seed: 7}
        cases:
          - kernel: gemm
            params: {m: [1, 16], n: 32, k: 32}
          - kernel: grouped_gemm
            params: {tokens: 8, experts: 8, top_k: 2, k: 16, n: 16, routing: hot:2}
          - kernel: permute
            params: {tokens: 8, model: olmoe-1b-7b@1/4, capacity_factor: 1.25}
          - layer: [mixtral-8x7b@1/8]
            params: {tokens: [1, 4], routing: [uniform, zipf:1.2]}
        """;

    [Fact]
    public void The_base_suite_is_valid()
    {
        Assert.Equal(1 * 2 + 1 + 1 + 4, SuiteYaml.Ok(Valid).Cases.Count);
    }

    [Fact]
    public void Seeded_random_edits_yield_a_suite_or_errors_but_never_throw()
    {
        const int seed = 20260101;
        var random = new Random(seed);
        const string alphabet = " \n-:[]{},'\"&*!?#@|>0123456789abcdefghijklmnopqrstuvwxyz.\t%";
        for (var trial = 0; trial < 3000; trial++)
        {
            var text = Valid.ToCharArray().ToList();
            for (var edit = random.Next(1, 4); edit > 0; edit--)
            {
                var at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0:
                        text.RemoveAt(at);
                        break;
                    case 1:
                        text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        text[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }

            var yaml = new string([.. text]);
            SuiteLoadResult result;
            try
            {
                result = SuiteLoader.Parse(yaml, "fuzz.yaml");
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, trial {trial}: {e}\n--- input ---\n{yaml}");
                throw;
            }

            Assert.True(result.Suite is null != (result.Errors.Count == 0), $"seed {seed}, trial {trial}");
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
        }
    }

    [Theory]
    [InlineData("name: t\nengine: {warmup_ms: 10\ncases:\n  - kernel: gemm\n    params: {m: 1, n: 1, k: 1}\n", 2, 10)]
    [InlineData("name: t\ncases:\n  : kernel: gemm\n    params: {m: 1, n 1, k: 1}\n", 5, 1)]
    public void Input_that_crashes_the_yaml_parser_is_one_positioned_error(string yaml, int line, int column)
    {
        // YamlDotNet throws InvalidOperationException / ArgumentException here rather than a YamlException.
        var error = SuiteYaml.Single(yaml);

        Assert.Equal((line, column, ""), (error.Line, error.Column, error.Field));
        Assert.StartsWith("malformed YAML near here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_order_mark_is_not_part_of_the_first_key()
    {
        Assert.Equal("quick", SuiteYaml.Ok("\uFEFF" + Valid).Name);
    }
}

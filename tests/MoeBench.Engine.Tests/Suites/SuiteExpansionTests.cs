using MoeBench.Core.Cases;
using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

public class SuiteExpansionTests
{
    [Fact]
    public void Grid_expands_as_nested_loops_with_the_first_key_slowest()
    {
        var suite = SuiteYaml.Ok("""
            name: grid
            cases:
              - kernel: gemm
                params: {m: [1, 16, 1024], n: [64, 128], k: 32}
            """);

        Assert.Equal(6, suite.Cases.Count);
        Assert.Equal(
            ["1x64", "1x128", "16x64", "16x128", "1024x64", "1024x128"],
            suite.Cases.Select(c => $"{c.Spec.Params["m"]}x{c.Spec.Params["n"]}"));
        Assert.All(suite.Cases, c => Assert.Equal(32L, c.Spec.Params["k"]));
        Assert.All(suite.Cases, c => Assert.Equal(CaseLevel.Kernel, c.Spec.Level));
        Assert.All(suite.Cases, c => Assert.Equal("gemm", c.Spec.Name));
        Assert.All(suite.Cases, c => Assert.Equal(3, c.Line));
    }

    [Fact]
    public void Grid_order_follows_the_order_keys_are_written_not_their_names()
    {
        var suite = SuiteYaml.Ok(SuiteYaml.WithCases("  - kernel: gemm\n    params: {n: [64, 128], k: 32, m: [1, 2]}\n"));

        Assert.Equal(
            ["64x1", "64x2", "128x1", "128x2"],
            suite.Cases.Select(c => $"{c.Spec.Params["n"]}x{c.Spec.Params["m"]}"));
    }

    [Fact]
    public void Layer_entries_expand_models_outermost_and_keep_the_model_id_as_written()
    {
        var suite = SuiteYaml.Ok("""
            name: layers
            cases:
              - layer: [mixtral-8x7b@1/8, olmoe-1b-7b@1/4]
                params: {tokens: [1, 128], routing: [uniform, zipf:1.2], cache: cold}
            """);

        Assert.Equal(8, suite.Cases.Count);
        Assert.Equal(
            [
                "mixtral-8x7b@1/8 1 uniform", "mixtral-8x7b@1/8 1 zipf:1.2",
                "mixtral-8x7b@1/8 128 uniform", "mixtral-8x7b@1/8 128 zipf:1.2",
                "olmoe-1b-7b@1/4 1 uniform", "olmoe-1b-7b@1/4 1 zipf:1.2",
                "olmoe-1b-7b@1/4 128 uniform", "olmoe-1b-7b@1/4 128 zipf:1.2",
            ],
            suite.Cases.Select(c => $"{c.Spec.Name} {c.Spec.Params["tokens"]} {c.Spec.Params["routing"]}"));
        Assert.All(suite.Cases, c => Assert.Equal(CaseLevel.Layer, c.Spec.Level));
        Assert.All(suite.Cases, c => Assert.False(c.Spec.Params.ContainsKey("model")));
        Assert.All(suite.Cases, c => Assert.Equal("cold", c.Spec.Params["cache"]));
    }

    [Fact]
    public void Defaults_are_filled_in_with_schema_types()
    {
        var suite = SuiteYaml.Ok("""
            name: defaults
            cases:
              - layer: mixtral-8x7b@1/8
                params: {tokens: 4}
              - kernel: permute
                params: {tokens: 4, model: olmoe-1b-7b}
              - kernel: grouped_gemm
                params: {tokens: 4, model: olmoe-1b-7b}
            """);

        var layer = suite.Cases[0].Spec.Params;
        Assert.Equal(
            ["cache", "capacity_factor", "const_experts", "copy_experts", "dtype", "routing", "tokens", "zero_experts"],
            layer.Keys);
        Assert.Equal("hot", layer["cache"]);
        Assert.Equal(0.0, Assert.IsType<double>(layer["capacity_factor"]));
        Assert.Equal(0L, Assert.IsType<long>(layer["zero_experts"]));
        Assert.Equal("f32", layer["dtype"]);
        Assert.Equal("uniform", layer["routing"]);
        Assert.Equal(4L, Assert.IsType<long>(layer["tokens"]));

        var permute = suite.Cases[1].Spec.Params;
        Assert.Equal(["cache", "capacity_factor", "dtype", "model", "routing", "tokens"], permute.Keys);
        Assert.Equal("olmoe-1b-7b", permute["model"]);

        var grouped = suite.Cases[2].Spec.Params;
        Assert.Equal(["cache", "dtype", "model", "proj", "routing", "tokens"], grouped.Keys);
        Assert.Equal("up", grouped["proj"]);
    }

    [Fact]
    public void The_same_case_written_two_ways_gets_one_id()
    {
        var terse = SuiteYaml.Ok("""
            name: a
            cases:
              - kernel: gemm
                params: {m: 8, n: 16, k: 32}
            """);
        var verbose = SuiteYaml.Ok("""
            name: b
            cases:
              - kernel: gemm
                params:
                  k: [32]
                  cache: hot
                  dtype: fp32
                  n: 16
                  m: 8
            """);

        Assert.Equal(terse.Cases[0].Spec, verbose.Cases[0].Spec);
        Assert.Equal(terse.Cases[0].Spec.Id, verbose.Cases[0].Spec.Id);
        Assert.Equal("""{"level":"kernel","name":"gemm","params":{"cache":"hot","dtype":"f32","k":32,"m":8,"n":16}}""",
            terse.Cases[0].Spec.CanonicalJson);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("1e0")]
    [InlineData("1.00")]
    public void Capacity_factor_is_a_double_however_it_is_written(string written)
    {
        var reference = SuiteYaml.Ok(SuiteYaml.WithCases(
            "  - kernel: permute\n    params: {tokens: 8, model: mixtral-8x7b, capacity_factor: 1.0}\n"));
        var suite = SuiteYaml.Ok(SuiteYaml.WithCases(
            $"  - kernel: permute\n    params: {{tokens: 8, model: mixtral-8x7b, capacity_factor: {written}}}\n"));

        Assert.Equal(1.0, Assert.IsType<double>(suite.Cases[0].Spec.Params["capacity_factor"]));
        Assert.Equal(reference.Cases[0].Spec.Id, suite.Cases[0].Spec.Id);
    }

    [Fact]
    public void Routing_is_stored_in_canonical_form()
    {
        var a = SuiteYaml.Ok(SuiteYaml.WithCases("  - layer: mixtral-8x7b@1/8\n    params: {tokens: 8, routing: 'zipf:1.20'}\n"));
        var b = SuiteYaml.Ok(SuiteYaml.WithCases("  - layer: mixtral-8x7b@1/8\n    params: {tokens: 8, routing: zipf:1.2}\n"));

        Assert.Equal("zipf:1.2", a.Cases[0].Spec.Params["routing"]);
        Assert.Equal(a.Cases[0].Spec.Id, b.Cases[0].Spec.Id);
    }

    [Fact]
    public void Duplicate_expansions_are_kept_once_in_first_seen_order_but_other_devices_are_not_duplicates()
    {
        var suite = SuiteYaml.Ok("""
            name: dups
            cases:
              - kernel: swiglu
                params: {rows: [1, 2], ffn: 64}
              - kernel: swiglu
                params: {rows: [3, 2, 1], ffn: 64}
              - kernel: swiglu
                params: {rows: 1, ffn: 64}
                devices: [cpu-blas]
            """);

        Assert.Equal(
            ["1 cpu 3", "2 cpu 3", "3 cpu 5", "1 cpu-blas 7"],
            suite.Cases.Select(c => $"{c.Spec.Params["rows"]} {string.Join(',', c.Devices)} {c.Line}"));
    }

    [Fact]
    public void Suite_fields_devices_tags_and_hash_are_read()
    {
        const string yaml = """
            name: quick
            description: Every-commit smoke suite
            tags: [ci, smoke]
            devices: [cpu, modeled:h100-sxm]
            cases:
              - kernel: rmsnorm
                params: {rows: 4, hidden: 64}
                tags: [norm]
              - kernel: rmsnorm
                params: {rows: 8, hidden: 64}
                devices: [cpu]
            """;
        var suite = SuiteYaml.Ok(yaml);

        Assert.Equal("quick", suite.Name);
        Assert.Equal(SuiteYaml.File, suite.Path);
        Assert.Equal("Every-commit smoke suite", suite.Description);
        Assert.Equal(["ci", "smoke"], suite.Tags);
        Assert.Equal(["cpu", "modeled:h100-sxm"], suite.Devices);
        Assert.Equal(["cpu", "modeled:h100-sxm"], suite.Cases[0].Devices);
        Assert.Equal(["norm"], suite.Cases[0].Tags);
        Assert.Equal(["cpu"], suite.Cases[1].Devices);
        Assert.Empty(suite.Cases[1].Tags);
        Assert.Equal(EngineSettings.Default, suite.Settings);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(yaml)));
        Assert.Equal(expected, suite.Hash);
        Assert.Equal(64, suite.Hash.Length);
    }

    [Fact]
    public void Devices_default_to_cpu_and_description_to_empty()
    {
        var suite = SuiteYaml.Ok(SuiteYaml.WithCases("  - kernel: gemm\n    params: {m: 1, n: 1, k: 1}\n"));

        Assert.Equal(["cpu"], suite.Devices);
        Assert.Equal(["cpu"], suite.Cases[0].Devices);
        Assert.Equal("", suite.Description);
        Assert.Empty(suite.Tags);
    }

    [Fact]
    public void Engine_section_maps_onto_settings()
    {
        var suite = SuiteYaml.Ok("""
            name: eng
            engine:
              warmup_ms: 50
              target_sample_ms: 2.5
              min_samples: 3
              max_samples: 7
              min_time_ms: 0
              max_time_ms: 1000
              seed: -7
              cold_working_set_mb: 64
            cases:
              - kernel: gemm
                params: {m: 1, n: 1, k: 1}
            """);

        Assert.Equal(
            new EngineSettings(
                TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(2.5), 3, 7, TimeSpan.Zero,
                TimeSpan.FromSeconds(1), -7, 64L << 20),
            suite.Settings);
    }

    [Fact]
    public void Grouped_gemm_shape_form_and_hot_routing_within_the_expert_count_are_accepted()
    {
        var suite = SuiteYaml.Ok(SuiteYaml.WithCases("""
              - kernel: grouped_gemm
                params: {tokens: 16, experts: [4, 8], top_k: 2, k: 64, n: 32, routing: hot:4}
            """));

        Assert.Equal(2, suite.Cases.Count);
        Assert.Equal(["cache", "dtype", "experts", "k", "n", "routing", "tokens", "top_k"], suite.Cases[0].Spec.Params.Keys);
        Assert.Equal("hot:4", suite.Cases[1].Spec.Params["routing"]);
    }

    [Fact]
    public void Load_reads_a_file_and_hashes_its_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"moebench-suite-{Guid.NewGuid():N}.yaml");
        var bytes = "name: file\ncases:\n  - kernel: gemm\n    params: {m: 2, n: 2, k: 2}\n"u8.ToArray();
        File.WriteAllBytes(path, bytes);
        try
        {
            var result = SuiteLoader.Load(path);

            Assert.Empty(result.Errors);
            Assert.Equal(path, result.Suite!.Path);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.Suite.Hash);
            Assert.Single(result.Suite.Cases);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_op_name_has_a_definition()
    {
        Assert.Equal(MoeBench.Core.Ops.OpNames.All.Order(), MoeBench.Core.Ops.Definitions.OpCatalog.Default.Kernels.Select(k => k.Name).Order());
    }
}

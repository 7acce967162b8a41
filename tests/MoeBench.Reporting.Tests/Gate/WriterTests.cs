using System.Text.Json;
using System.Xml.Linq;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.History;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Tests.Gate;

public sealed class WriterTests
{
    private static string Write(IGateWriter writer, GateResult result)
    {
        using var text = new StringWriter { NewLine = "\n" };
        writer.Write(result, text);
        return text.ToString();
    }

    [Fact]
    public void Summary_leads_with_the_verdict_then_counts_then_cases_worst_first()
    {
        var markdown = Write(new MarkdownSummaryWriter(), GateResult.From(GateFixtures.Report()));
        var lines = markdown.Split('\n');

        Assert.Equal("## MoeBench gate ❌ 1 confirmed regression in 3 compared cases; common-mode slowdown +4.1% over 40 cases removed", lines[0]);
        Assert.Contains("Baseline `branch:main` (runs 41, 40) → candidate `latest` (run 42); metric `time_per_invocation` (ns, lower is better).", markdown, StringComparison.Ordinal);
        Assert.Contains("Machine-wide shift: +4.1% over 40 of 46 cases", markdown, StringComparison.Ordinal);
        Assert.Contains("**1** regressed · **1** failed · **1** noisy · **1** missing · **1** new · **1** unchanged", markdown, StringComparison.Ordinal);

        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| case", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(
            "| grouped_gemm model=mixtral-8x7b@1/8 proj=up tokens=16 | cpu | 1.235 ms | 1.36 ms | 1.102 (1.081–1.120) | +10.2% | 2.1E-8 | 4.4% | **regressed** |",
            rows[0]);
        Assert.StartsWith("| permute routing=hot:2 |", rows[1], StringComparison.Ordinal);
        Assert.Contains("| gate model=olmoe\\|x <&> tokens=512 | cpu | 5.25 µs | 5.8 µs |", rows[2], StringComparison.Ordinal);
        Assert.Contains("| swiglu ffn=1792 rows=1024 | cpu | 88.5 ns | 88.88 ns | 1.004 (0.992–1.016) | +0.3% | 0.93 | 12.0% | unchanged |", markdown, StringComparison.Ordinal);

        // Unchanged cases fold away under their own table.
        Assert.True(markdown.IndexOf("<details><summary>1 unchanged</summary>", StringComparison.Ordinal) < markdown.IndexOf("| swiglu", StringComparison.Ordinal));
    }

    [Fact]
    public void A_regressed_layer_names_the_phases_its_change_sits_in_in_the_summary_and_the_junit_failure()
    {
        var result = GateResult.From(GateFixtures.Report(GateFixtures.RegressedLayer, GateFixtures.Unchanged));

        var markdown = Write(new MarkdownSummaryWriter(), result);
        var junit = Write(new JUnitWriter(), result);

        // experts_up (+300 µs) and experts_down (+140 µs) carry 99.5% of the change; the gate's +2 µs is not named.
        Assert.Contains("| **regressed** in experts_up (GEMM) +30%, experts_down (GEMM) +28% |", markdown, StringComparison.Ordinal);
        Assert.Contains("in the profile: experts_up (GEMM) +30%, experts_down (GEMM) +28%", junit, StringComparison.Ordinal);
        Assert.DoesNotContain("gate +4%", markdown, StringComparison.Ordinal);
        Assert.Contains("| 12.0% | unchanged |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_of_a_selector_error_is_just_the_headline()
    {
        var markdown = Write(new MarkdownSummaryWriter(), GateResult.From(new SelectorError(SelectorErrorKind.NoMatch, "run selector 'branch:x' matches no run")));
        Assert.Equal("## MoeBench gate ⚠️ run selector 'branch:x' matches no run\n\n", markdown);
    }

    [Fact]
    public void JUnit_has_one_testcase_per_case_regressions_fail_new_and_missing_skip_failed_errors()
    {
        var xml = XDocument.Parse(Write(new JUnitWriter(), GateResult.From(GateFixtures.Report())));
        var suite = xml.Root!;
        Assert.Equal("testsuite", suite.Name.LocalName);
        Assert.Equal(("6", "1", "1", "2"), ((string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!, (string)suite.Attribute("errors")!, (string)suite.Attribute("skipped")!));
        var cases = suite.Elements("testcase").ToDictionary(e => (string)e.Attribute("name")!);
        Assert.Equal(6, cases.Count);

        var failure = cases["grouped_gemm model=mixtral-8x7b@1/8 proj=up tokens=16 [cpu]"].Element("failure")!;
        Assert.Equal("moebench.grouped_gemm", (string)cases["grouped_gemm model=mixtral-8x7b@1/8 proj=up tokens=16 [cpu]"].Attribute("classname")!);
        Assert.StartsWith("ratio 1.102 (1.081–1.120), vs. drift +10.2%, q 2.1E-8, noise 1.0%: +10.2% worse", (string)failure.Attribute("message")!, StringComparison.Ordinal);
        Assert.Equal("in the candidate only", ((string)cases["rmsnorm hidden=4096 rows=512 [cpu]"].Element("skipped")!.Attribute("message")!)["new: ".Length..]);
        Assert.Equal("missing: in the baseline only", (string)cases["unpermute tokens=512 [cpu]"].Element("skipped")!.Attribute("message")!);
        Assert.NotNull(cases["permute routing=hot:2 [cpu]"].Element("error"));
        Assert.StartsWith("noisy: ", cases["gate model=olmoe|x <&> tokens=512 [cpu]"].Element("system-out")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(cases["swiglu ffn=1792 rows=1024 [cpu]"].Elements(), e => e.Name != "system-out");
    }

    [Fact]
    public void JUnit_for_a_selector_error_still_lists_one_errored_case()
    {
        var xml = XDocument.Parse(Write(new JUnitWriter(), GateResult.From(new SelectorError(SelectorErrorKind.Malformed, "bad run selector 'x'"))));
        var error = Assert.Single(xml.Root!.Elements("testcase")).Element("error")!;
        Assert.Equal("bad run selector 'x'", (string)error.Attribute("message")!);
    }

    [Fact]
    public void Compare_json_is_snake_case_and_holds_every_field_of_every_case_with_options_and_selectors()
    {
        using var json = JsonDocument.Parse(Write(new CompareJsonWriter(), GateResult.From(GateFixtures.Report())));
        var root = json.RootElement;
        Assert.Equal(CompareJsonWriter.Schema, root.GetProperty("schema").GetString());
        Assert.Equal(1, root.GetProperty("exit_code").GetInt32());
        Assert.Equal("branch:main", root.GetProperty("baseline").GetProperty("selector").GetString());
        Assert.Equal([41L, 40L], root.GetProperty("baseline").GetProperty("run_ids").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([42L], root.GetProperty("candidate").GetProperty("run_ids").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("time_per_invocation", root.GetProperty("metric").GetProperty("id").GetString());
        Assert.False(root.GetProperty("metric").GetProperty("higher_is_better").GetBoolean());
        var options = root.GetProperty("options");
        Assert.Equal(0.01, options.GetProperty("q_max").GetDouble());
        Assert.Equal(0.03, options.GetProperty("min_effect").GetDouble());
        Assert.Equal(0.2, options.GetProperty("no_history_floor").GetDouble());
        Assert.Equal(3, options.GetProperty("noise_multiplier").GetDouble());
        Assert.True(root.GetProperty("common_shift").GetProperty("removed").GetBoolean());
        Assert.Equal(1, root.GetProperty("counts").GetProperty("regressed").GetInt32());

        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(6, cases.Count);
        var fields = typeof(CaseComparison).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToList();
        Assert.Contains("adjusted_ratio", fields);
        Assert.All(cases, c => Assert.All(fields, f => Assert.True(c.TryGetProperty(f, out _), $"case lacks {f}")));
        var first = cases[0];
        Assert.Equal("regressed", first.GetProperty("verdict").GetString());
        Assert.Equal(1.1017, first.GetProperty("ratio").GetProperty("value").GetDouble());
        Assert.Equal(1234567.5, first.GetProperty("baseline").GetProperty("median").GetDouble());
        Assert.Equal(2.1e-8, first.GetProperty("q_value").GetDouble());
        Assert.Equal(JsonValueKind.Null, cases[1].GetProperty("ratio").ValueKind);
    }

    [Fact]
    public void Compare_json_lists_the_drifts_that_the_summary_lists_with_runs_rate_and_span()
    {
        var drift = new CaseDrift("moe/small", "cpu0", new DriftFinding(new Drift(0, 29, 0.5, 100, 6.2), 101, 130));
        var result = GateResult.From(GateFixtures.Report() with { Drifts = [drift] });
        var summary = Write(new MarkdownSummaryWriter(), result);
        using var json = JsonDocument.Parse(Write(new CompareJsonWriter(), result));

        var only = Assert.Single(json.RootElement.GetProperty("drifts").EnumerateArray().ToList());
        Assert.Equal("moe/small", only.GetProperty("case_label").GetString());
        Assert.Equal("cpu0", only.GetProperty("device_id").GetString());
        Assert.Equal((101L, 130L), (only.GetProperty("first_run_id").GetInt64(), only.GetProperty("last_run_id").GetInt64()));
        Assert.Equal(30, only.GetProperty("span").GetInt32());
        Assert.Equal(0.5, only.GetProperty("rate_per_run").GetDouble());
        Assert.Equal(0.005, only.GetProperty("relative_rate_per_run").GetDouble(), 12);
        Assert.Equal(14.5, only.GetProperty("change").GetDouble(), 12);
        Assert.Equal(6.2, only.GetProperty("confidence").GetDouble());
        Assert.Contains(only.GetProperty("text").GetString()!, summary, StringComparison.Ordinal);
        Assert.StartsWith("+0.50%/run over 30 runs", only.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_json_without_drifts_has_an_empty_list()
    {
        using var json = JsonDocument.Parse(Write(new CompareJsonWriter(), GateResult.From(GateFixtures.Report())));
        Assert.Empty(json.RootElement.GetProperty("drifts").EnumerateArray());
    }
}

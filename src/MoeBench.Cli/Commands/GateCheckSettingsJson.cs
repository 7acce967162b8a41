using System.Text.Json.Nodes;
using MoeBench.Engine.Suites;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.GateCheck;

namespace MoeBench.Cli.Commands;

/// <summary>
/// The settings stored with a gate check's summary run: the suite's own (<see cref="RunSettingsJson"/>) and a
/// <c>gate_check</c> section naming every run it measured and, per judged pair, the gate's exit code and the cases it
/// called regressed — so each figure of the summary traces back to stored runs and verdicts.
/// </summary>
internal static class GateCheckSettingsJson
{
    public static string Write(Suite suite, GateCheckPlan plan, IReadOnlyList<long> runIds, IReadOnlyList<JudgedPair> judged)
    {
        var root = JsonNode.Parse(RunSettingsJson.Write(suite))!.AsObject();
        root["gate_check"] = new JsonObject
        {
            ["suite"] = suite.Path,
            ["pairs"] = plan.Pairs.Count(p => p.Injection is null && !p.InTurns),
            ["runs"] = new JsonArray([.. plan.Runs.Where(r => r.Index < runIds.Count).Select(r => Run(r, runIds[r.Index]))]),
            ["judged"] = new JsonArray([.. judged.Select(Pair)]),
        };
        return root.ToJsonString();
    }

    private static JsonObject Run(PlannedRun run, long id) => WithInjection(
        new JsonObject { ["run"] = id, ["block"] = run.Block, ["twin"] = run.Twin }, run.Injection);

    private static JsonNode Pair(JudgedPair pair)
    {
        var report = pair.Gate.Report!;
        return WithInjection(
            new JsonObject
            {
                ["regime"] = pair.Regime.ToName(),
                ["baseline"] = pair.BaselineRunId,
                ["candidate"] = pair.CandidateRunId,
                ["exit_code"] = pair.Gate.ExitCode,
                ["common_shift"] = report.CommonShift.Ratio,
                ["regressed"] = new JsonArray([.. report.Cases.Where(c => c.Verdict == Verdict.Regressed).Select(c => (JsonNode)c.CaseLabel)]),
                ["noisy"] = report.Count(Verdict.Noisy),
            },
            pair.Pair.Injection);
    }

    private static JsonObject WithInjection(JsonObject node, Injection? injection)
    {
        node["op"] = injection?.Op;
        node["slowdown"] = injection?.Fraction;
        return node;
    }
}

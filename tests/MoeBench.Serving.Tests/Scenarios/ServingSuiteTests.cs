using MoeBench.Core.Cases;
using MoeBench.Engine.Suites;
using MoeBench.Serving.Scenarios;
using Xunit.Abstractions;

namespace MoeBench.Serving.Tests.Scenarios;

/// <summary>Tests that change the process's current directory, which no other test may see.</summary>
[CollectionDefinition(nameof(CurrentDirectory), DisableParallelization = true)]
public sealed class CurrentDirectory;

/// <summary>
/// suites/serving.yaml loads with the serving scenarios as <c>run</c> loads it: from the repository root, where its
/// trace path (<c>../shared/data/traces/…</c>) points at the shared data beside the checkout.
/// </summary>
[Collection(nameof(CurrentDirectory))]
public sealed class ServingSuiteTests(ITestOutputHelper output)
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MoeBench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no MoeBench.sln above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void The_serving_suite_holds_offline_a_sweep_of_four_rates_and_a_trace_replay()
    {
        var root = RepoRoot();
        var before = Environment.CurrentDirectory;
        SuiteLoadResult result;
        try
        {
            Environment.CurrentDirectory = root;
            result = SuiteLoader.Load(Path.Combine(root, "suites", "serving.yaml"), scenarios: ServingScenarios.Catalog);
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }

        if (!Directory.Exists(Path.Combine(root, "..", "shared", "data", "traces")))
        {
            // A checkout without the shared data beside it (a worktree elsewhere): everything but the trace still checks.
            output.WriteLine($"SKIPPED the trace replay: no ../shared/data/traces beside {root}");
            Assert.All(result.Errors, e => Assert.Contains("not found", e.Message, StringComparison.Ordinal));
            return;
        }

        Assert.True(result.Errors.Count == 0, string.Join('\n', result.Errors));
        var cases = result.Suite!.Cases.Select(c => c.Spec).ToList();
        Assert.All(cases, c => Assert.Equal(CaseLevel.Scenario, c.Level));
        Assert.Equal([1, 4, 16, 64], cases.Where(c => c.Params.ContainsKey("rate")).Select(c => c.Params.GetDouble("rate", 0)));
        Assert.Single(cases, c => c.Params.ContainsKey("trace"));
        Assert.Single(cases, c => c.Name == ServingScenarios.Offline);
    }
}

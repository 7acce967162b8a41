using MoeBench.Core.Cases;
using MoeBench.Engine.Suites;
using MoeBench.Serving.Scenarios;

namespace MoeBench.Serving.Tests.Scenarios;

/// <summary>Scenario cases as a suite expands them, through the registered serving catalog.</summary>
internal static class ScenarioCases
{
    public static SuiteLoadResult Load(string entries) =>
        SuiteLoader.Parse($"name: serving-test\ndevices: [cpu]\ncases:\n{entries}", "serving-test.yaml", scenarios: ServingScenarios.Catalog);

    public static CaseSpec Single(string entries)
    {
        var result = Load(entries);
        Assert.True(result.Suite is not null, string.Join('\n', result.Errors));
        return Assert.Single(result.Suite!.Cases).Spec;
    }
}

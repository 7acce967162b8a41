using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

/// <summary>Helpers for tests that parse small inline suites.</summary>
internal static class SuiteYaml
{
    public const string File = "inline.yaml";

    /// <summary>Parses text that must be valid; fails the test with every error otherwise.</summary>
    public static Suite Ok(string yaml)
    {
        var result = SuiteLoader.Parse(yaml, File);
        Assert.True(result.Suite is not null, string.Join('\n', result.Errors));
        Assert.Empty(result.Errors);
        return result.Suite!;
    }

    /// <summary>Parses text that must fail; returns its errors.</summary>
    public static IReadOnlyList<SuiteError> Errors(string yaml)
    {
        var result = SuiteLoader.Parse(yaml, File);
        Assert.Null(result.Suite);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    /// <summary>The one error of a suite that must have exactly one.</summary>
    public static SuiteError Single(string yaml)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Count == 1, string.Join('\n', errors));
        return errors[0];
    }

    /// <summary>A suite around one case entry given as YAML lines (indented by the caller as list items).</summary>
    public static string WithCases(string cases) => "name: t\ncases:\n" + cases;
}

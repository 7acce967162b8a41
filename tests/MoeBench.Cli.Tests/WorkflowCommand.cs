using YamlDotNet.RepresentationModel;

namespace MoeBench.Cli.Tests;

/// <summary>
/// A <c>./run-bench.sh …</c> line of a GitHub workflow step, read from the workflow file itself so a test runs the
/// command CI runs, not a copy of it that could drift.
/// </summary>
internal static class WorkflowCommand
{
    private const string Script = "./run-bench.sh";

    /// <summary>
    /// The arguments after <c>./run-bench.sh</c> on the step's first line that calls it. Only plain words are
    /// accepted: quoting, variables or redirection would need a shell to read faithfully, so they fail the test.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string workflowPath, string stepName)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(workflowPath))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var steps = ((YamlMappingNode)root["jobs"]).Children.Values
            .SelectMany(job => (YamlSequenceNode)((YamlMappingNode)job)["steps"])
            .Cast<YamlMappingNode>();
        var step = Assert.Single(steps, s => s.Children.TryGetValue("name", out var name) && name.ToString() == stepName);
        var line = step["run"].ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Script + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"step '{stepName}' of {workflowPath} runs no {Script} command");
        Assert.DoesNotMatch(@"[""'$`|&;<>\\]", line);
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
    }
}

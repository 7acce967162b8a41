namespace MoeBench.Cli.Tests;

/// <summary>A case whose buffers cannot fit this machine is refused by <c>run</c> and <c>list</c> before anything is allocated or stored.</summary>
public sealed class OversizedCaseTests
{
    private const string Suite = """
        name: oversized
        devices: [cpu]
        cases:
          - kernel: gemm
            params: {m: 64, n: 64, k: 64}
          - kernel: grouped_gemm
            params: {model: mixtral-8x7b@1/4, tokens: 100000000, routing: uniform}
        """;

    [Theory]
    [InlineData("run")]
    [InlineData("list")]
    public void A_100_million_token_case_is_refused_with_exit_2_naming_its_line_and_the_bytes_it_needs(string command)
    {
        using var dir = new TempDir();
        var suite = dir.File("oversized.yaml", Suite);
        var db = dir.File("results.db");

        var outcome = command == "run"
            ? CliProcess.Run("run", "--suite", suite, "--db", db)
            : CliProcess.Run("list", "--suite", suite);

        Assert.Equal(2, outcome.ExitCode);
        var error = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {suite}:6: grouped_gemm ", error, StringComparison.Ordinal);
        Assert.Matches(@"its buffers need \d+ GB, .* more than the [\d.]+ GB of memory here", error);
        Assert.False(File.Exists(db), "nothing may be stored");
    }
}

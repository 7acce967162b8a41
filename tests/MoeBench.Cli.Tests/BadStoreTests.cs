namespace MoeBench.Cli.Tests;

/// <summary>
/// A <c>--db</c> that is not a results database is bad input for every command: exit 2 with a one-line reason, the
/// file left as it was — never a stack trace, and never exit 1, which <c>gate</c> uses for a regression.
/// </summary>
public sealed class BadStoreTests
{
    [Theory]
    [InlineData("results")]
    [InlineData("report --run latest --out OUT")]
    [InlineData("gate --baseline 1 --candidate 2")]
    [InlineData("history")]
    [InlineData("table --run latest")]
    [InlineData("run --suite QUICK --filter gemm*")]
    public void A_file_that_is_not_a_database_exits_2_with_one_line_and_is_left_untouched(string command)
    {
        using var dir = new TempDir();
        var db = dir.File("results.db");
        var bytes = new byte[8192];
        new Random(11).NextBytes(bytes);
        File.WriteAllBytes(db, bytes);

        var quick = Path.Combine(CliProcess.RepoRoot, "suites", "quick.yaml");
        var outcome = CliProcess.Run([.. command.Split(' ').Select(a => a switch { "QUICK" => quick, "OUT" => Path.Combine(dir.Path, "report"), _ => a }), "--db", db]);

        Assert.Equal(2, outcome.ExitCode);
        var error = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is not a SQLite database", error, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(db));
        Assert.Equal(["results.db"], Directory.GetFiles(Path.GetDirectoryName(db)!).Select(Path.GetFileName).Where(f => f!.StartsWith("results.db", StringComparison.Ordinal)));
    }
}

using System.Diagnostics;

namespace MoeBench.Cli.Tests;

/// <summary>
/// A temporary git repository on branch <c>main</c> to run the CLI in: a run records the branch git reports for its
/// working directory, and a workflow's relative paths (<c>results/moebench.db</c>, <c>reports/gate</c>) land here.
/// </summary>
internal sealed class MainBranchWorkspace : IDisposable
{
    private readonly TempDir _dir = new();

    public MainBranchWorkspace()
    {
        Git("init", "--quiet", "--initial-branch=main");
        Git("-c", "user.name=moebench-tests", "-c", "user.email=tests@moebench.invalid", "commit", "--quiet", "--allow-empty", "-m", "nightly");
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "results"));
    }

    public string Path => _dir.Path;

    /// <summary>Where the workflow's <c>--db results/moebench.db</c> points from here.</summary>
    public string Database => System.IO.Path.Combine(Path, "results", "moebench.db");

    public string File(string name, string? contents = null) => _dir.File(name, contents);

    public CliProcess.Outcome Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        CliProcess.RunIn(Path, environment ?? new Dictionary<string, string?>(), args);

    public void Dispose() => _dir.Dispose();

    private void Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Path, UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var git = Process.Start(info)!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}

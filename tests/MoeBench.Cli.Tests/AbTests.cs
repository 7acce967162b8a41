using System.Diagnostics;
using System.Text.Json;

namespace MoeBench.Cli.Tests;

/// <summary>
/// <c>moebench ab</c> end to end: a base build (this very build, placed where a checkout's Release build lies, in a git
/// repository of its own) and this build run a tiny suite in turns, and head is gated against base. Verdicts depend on
/// the machine, so the bookkeeping is checked: two runs of one turns group, each recording its own commit, and the gate's files.
/// </summary>
public sealed class AbTests : IDisposable
{
    private static readonly string TinySuite = EightCaseSuite.Yaml("tiny-ab", rounds: 6);

    private readonly TempDir _dir = new();
    private readonly MainBranchWorkspace _base = new();

    public void Dispose()
    {
        _base.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void The_base_build_and_this_build_run_the_suite_in_turns_and_head_is_gated_against_base()
    {
        var output = Path.Combine(_base.Path, "src", "MoeBench.Cli", "bin", "Release", "net10.0");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        Directory.CreateSymbolicLink(output, AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var suite = _dir.File("tiny.yaml", TinySuite);
        var db = _dir.File("ab.db");
        var gate = Path.Combine(_dir.Path, "gate");

        var ab = CliProcess.Run("ab", "--base", _base.Path, "--suite", suite, "--db", db, "--out", gate);

        Assert.True(ab.ExitCode is 0 or 1 or 4, ab.Stdout + ab.Stderr);
        Assert.Contains("base run 1, head run 2: gating head against base", ab.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(gate, "summary.md")), ab.Stdout + ab.Stderr);
        using var baseRun = Run(db, 1);
        using var headRun = Run(db, 2);
        var (b, h) = (baseRun.RootElement.GetProperty("run"), headRun.RootElement.GetProperty("run"));
        Assert.All([b, h], r => Assert.Equal("complete", r.GetProperty("status").GetString()));
        Assert.All([b, h], r => Assert.Equal("benchmark", r.GetProperty("purpose").GetString()));
        Assert.False(string.IsNullOrEmpty(b.GetProperty("turns").GetString()));
        Assert.Equal(b.GetProperty("turns").GetString(), h.GetProperty("turns").GetString());
        // Each side ran in its own checkout, so each records its own commit.
        Assert.Equal(Git(_base.Path, "rev-parse", "HEAD"), b.GetProperty("commit").GetString());
        Assert.Equal(Git(CliProcess.RepoRoot, "rev-parse", "HEAD"), h.GetProperty("commit").GetString());
    }

    [Fact]
    public void A_base_folder_without_a_release_build_is_refused_before_any_work()
    {
        var db = Path.Combine(_dir.Path, "none.db");

        var stderr = CliProcess.Refused(db, "ab", "--base", _dir.Path, "--suite", _dir.File("tiny.yaml", TinySuite), "--db", db);

        Assert.Contains("no src/MoeBench.Cli/bin/Release/net10.0/moebench.dll there", stderr, StringComparison.Ordinal);
    }

    private static JsonDocument Run(string db, int id)
    {
        var results = CliProcess.Run("results", "--run", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", "--db", db);
        Assert.True(results.ExitCode == 0, results.Stderr);
        return JsonDocument.Parse(results.Stdout);
    }

    private static string Git(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var git = Process.Start(info)!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MoeBench.Cli.Tests;

[CollectionDefinition(nameof(ReadmeCommandTests), DisableParallelization = true)]
public sealed class ReadmeCommandGroup;

/// <summary>
/// Every command the README shows, run as a reader pastes it — through <c>./run-bench.sh</c>, in README order, against
/// one store of its own (so <c>results</c> and <c>gate</c> find the runs before them) and with every output folder
/// moved to a temporary one, so a checkout's own results are never touched. Each must exit with a code the README
/// documents for it, never 2 (bad input) or 70 (a bug). Four things are bounded, and said here rather than hidden:
/// a <c>run</c> without <c>--filter</c> gets its suite's first case (the command path is the same; the minutes of a
/// whole suite are not), <c>--ab</c> takes the checkout's own commit (<c>HEAD</c>; a clone need not have the branch
/// named) as its base and its suite's first case, <c>gate-check</c> judges one A/A pair instead of twenty, and
/// <c>./run-tests.sh</c> is not run — it is the command running this test. It measures for minutes (the main job is the quick suite), so it runs
/// with the machine to itself, after the tests whose calibration checks its load would disturb.
/// </summary>
[Collection(nameof(ReadmeCommandTests))]
[Trait(QuietMachine.Trait, QuietMachine.Value)]
public sealed partial class ReadmeCommandTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_run_bench_command_in_the_readme_runs_with_a_documented_exit_code()
    {
        var commands = Commands(File.ReadAllText(Path.Combine(CliProcess.RepoRoot, "README.md")));
        Assert.Contains(commands, c => c.Count == 0); // the main job itself
        Assert.Contains(commands, c => c.Count > 0 && c[0] == "gate");

        using var dir = new TempDir();
        var db = dir.File("readme.db");
        foreach (var (command, i) in commands.Select((c, i) => (c, i)))
        {
            var args = command.Count == 0 ? [] : Bounded(command, db, Path.Combine(dir.Path, $"out-{i}"));
            var (code, text) = RunBench(args, dir.Path);
            output.WriteLine($"./run-bench.sh {string.Join(' ', args)} → {code}");
            if (code == 2 && !SharedDataBeside && text.Contains("not found (relative paths are read from", StringComparison.Ordinal))
            {
                // serving.yaml replays a trace from the shared data beside the checkout (never copied into it); a
                // clone without it refuses the suite before anything runs, which is the documented behaviour.
                output.WriteLine($"SKIPPED its run: no ../shared/data beside {CliProcess.RepoRoot}");
                continue;
            }

            var allowed = command.Count > 0 && command[0] is "gate" or "compare" or "report" or "--ab" ? [0, 1, 3, 4] : new[] { 0 };
            Assert.True(allowed.Contains(code), $"./run-bench.sh {string.Join(' ', args)} exited {code}:\n{text}");
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "results", "moebench.db")), "the main job stores its run");
        Assert.True(File.Exists(Path.Combine(dir.Path, "reports", "latest", "index.html")), "the main job writes its report");
    }

    private static bool SharedDataBeside => Directory.Exists(Path.Combine(CliProcess.RepoRoot, "..", "shared", "data", "traces"));

    /// <summary>The argument lists of every <c>./run-bench.sh …</c> in a code block or an inline code span; the placeholder <c>ARGS</c> is not a command.</summary>
    internal static List<List<string>> Commands(string readme)
    {
        var found = new List<List<string>>();
        foreach (Match m in RunBench().Matches(readme))
        {
            var text = m.Groups["args"].Value;
            var comment = text.IndexOf(" #", StringComparison.Ordinal);
            var args = Split(comment >= 0 ? text[..comment] : text);
            if (args is not ["ARGS"])
            {
                found.Add(args);
            }
        }

        return found;
    }

    private static List<string> Bounded(List<string> command, string db, string outDir)
    {
        var args = new List<string>(command);
        var at = args.IndexOf("--out");
        if (at >= 0)
        {
            args[at + 1] = outDir;
        }

        if (args[0] == "run" && !args.Contains("--filter"))
        {
            args.AddRange(["--filter", FirstCase(args[args.IndexOf("--suite") + 1])]);
        }

        if (args[0] == "--ab")
        {
            // run-bench.sh --ab keeps its store under MOEBENCH_RESULTS_DIR, the scratch folder.
            args[1] = "HEAD";
            args.AddRange(["--filter", FirstCase("suites/gate-check.yaml")]);
            return args;
        }

        if (args[0] == "gate-check")
        {
            args[args.IndexOf("--pairs") + 1] = "1";
            args.AddRange(["--slowdowns", "none"]);
        }

        if (args[0] != "list")
        {
            args.AddRange(["--db", db]);
        }

        return args;
    }

    /// <summary>
    /// A suite's first case id as `list` prints it, read from the checkout as run-bench.sh reads it (a suite may name
    /// files relative to it, as serving.yaml's trace does).
    /// </summary>
    private static string FirstCase(string suite) => CaseId().Match(CliProcess.Run("list", "--suite", suite).Stdout).Groups[1].Value;

    private static (int Code, string Text) RunBench(IReadOnlyList<string> args, string scratch)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = CliProcess.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(CliProcess.RepoRoot, "run-bench.sh"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["MOEBENCH_RESULTS_DIR"] = Path.Combine(scratch, "results");
        info.Environment["MOEBENCH_REPORTS_DIR"] = Path.Combine(scratch, "reports");
        info.Environment["MOEBENCH_LOCK_DIR"] = Path.Combine(scratch, "lock");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 10 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Shell words: single and double quotes group, as bash reads these README lines.</summary>
    private static List<string> Split(string text)
    {
        var words = new List<string>();
        foreach (Match m in Word().Matches(text))
        {
            words.Add(m.Groups["q1"].Success ? m.Groups["q1"].Value : m.Groups["q2"].Success ? m.Groups["q2"].Value : m.Value);
        }

        return words;
    }

    [GeneratedRegex(@"\./run-bench\.sh(?<args>[^`\n]*)")]
    private static partial Regex RunBench();

    [GeneratedRegex(@"│ ([0-9a-f]{16}) │")]
    private static partial Regex CaseId();

    [GeneratedRegex("""'(?<q1>[^']*)'|"(?<q2>[^"]*)"|\S+""")]
    private static partial Regex Word();
}

using System.Diagnostics;

namespace MoeBench.Cli.Tests;

/// <summary>Runs the real <c>moebench</c> executable (built next to the tests) as a child process.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static ProcessStartInfo StartInfo(params string[] args) => StartInfo(RepoRoot, args);

    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "moebench.dll"));

        // Each test process gets its own machine lock, so tests running side by side do not queue behind each other;
        // RunLockTests shares one on purpose.
        info.Environment["MOEBENCH_LOCK_DIR"] = Path.Combine(Path.GetTempPath(), "moebench-cli-tests", "locks", Guid.NewGuid().ToString("N"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    public static Outcome Run(params string[] args) => Run(StartInfo(args));

    /// <summary>
    /// Runs <c>moebench</c> on input it must refuse before any work: exit 2, and no database at <paramref name="db"/>
    /// (nothing written). Returns what it said on stderr, for the test to check the reason.
    /// </summary>
    public static string Refused(string db, params string[] args)
    {
        var outcome = Run(args);
        Assert.True(outcome.ExitCode == 2, $"exit {outcome.ExitCode}, expected 2; stderr: {outcome.Stderr}");
        Assert.False(File.Exists(db), $"{db} was written");
        return outcome.Stderr;
    }

    /// <summary>Runs in <paramref name="workingDirectory"/> with <paramref name="environment"/> set (a null value unsets).</summary>
    public static Outcome RunIn(string workingDirectory, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> args) =>
        Run(StartInfo(workingDirectory, environment, args));

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> args)
    {
        var info = StartInfo(workingDirectory, args);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static Outcome Run(ProcessStartInfo info)
    {
        var args = info.ArgumentList.Skip(1);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"moebench {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MoeBench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MoeBench.sln not found above the test directory");
    }
}

/// <summary>A temporary directory for a test's suite and database, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "moebench-cli-tests", Guid.NewGuid().ToString("N"));

    public string File(string name, string? contents = null)
    {
        var path = System.IO.Path.Combine(Path, name);
        if (contents is not null)
        {
            System.IO.File.WriteAllText(path, contents);
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is harmless
        }
    }
}

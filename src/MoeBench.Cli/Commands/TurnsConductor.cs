using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Conducts runs measured in turns (<c>moebench run --turns GROUP</c>), for <c>gate-check</c>'s blocks and <c>ab</c>'s
/// base and head: all are started, one after another, and each then takes one measurement in turn, the first turn
/// passing from run to run at every step, so every run meets the host's phases alike and a pair of them can be judged
/// round by round. The caller holds the machine for all of them: a run in turns takes no lock.
/// </summary>
internal static partial class TurnsConductor
{
    /// <summary>One run to conduct: how to start it (its arguments end with <c>--turns</c> and the group) and what to call it in errors.</summary>
    public sealed record Turn(ProcessStartInfo Start, string Label);

    /// <summary>A fresh group name for one set of runs in turns.</summary>
    public static string NewGroup() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Measures the runs in turns and returns their stored run ids, in the order given. Progress lines of the runs (one
    /// per measured case) go to <paramref name="line"/>; <paramref name="turnGiven"/> hears of each turn given, one per
    /// measurement. Cancelling kills them, and they read as incomplete.
    /// </summary>
    /// <exception cref="InvalidOperationException">A run failed or stored no run; the message holds its stderr.</exception>
    public static IReadOnlyList<long> Measure(IReadOnlyList<Turn> turns, Action<string> line, CancellationToken cancellation, Action? turnGiven = null)
    {
        var members = new List<Member>();
        try
        {
            foreach (var turn in turns)
            {
                turn.Start.RedirectStandardInput = true;
                turn.Start.RedirectStandardOutput = true;
                turn.Start.RedirectStandardError = true;
                turn.Start.UseShellExecute = false;
                var member = Member.Start(turn);
                members.Add(member);
                using var kill = cancellation.Register(member.Kill);
                member.TakeTurn(line, first: true);
            }

            for (var step = 0; members.Any(m => m.Waiting); step++)
            {
                foreach (var member in members.Skip(step % members.Count).Concat(members.Take(step % members.Count)).Where(m => m.Waiting))
                {
                    cancellation.ThrowIfCancellationRequested();
                    using var kill = cancellation.Register(member.Kill);
                    turnGiven?.Invoke();
                    member.TakeTurn(line, first: false);
                }
            }

            cancellation.ThrowIfCancellationRequested();
            return [.. members.Select(m => m.Finish())];
        }
        finally
        {
            foreach (var member in members)
            {
                member.Dispose();
            }
        }
    }

    /// <summary>This executable with <paramref name="args"/>: the app host itself, or <c>dotnet moebench.dll</c>.</summary>
    public static ProcessStartInfo Self(IReadOnlyList<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        return string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal)
            ? With(new ProcessStartInfo(host), [typeof(TurnsConductor).Assembly.Location, .. args])
            : With(new ProcessStartInfo(host), args);
    }

    /// <summary>Another build's <c>moebench.dll</c> with <paramref name="args"/>, run by <c>dotnet</c> in <paramref name="directory"/>.</summary>
    public static ProcessStartInfo Build(string dll, string directory, IReadOnlyList<string> args) =>
        With(new ProcessStartInfo("dotnet") { WorkingDirectory = directory }, [dll, .. args]);

    private static ProcessStartInfo With(ProcessStartInfo info, IReadOnlyList<string> args)
    {
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>One run: its process, what it has said, and whether it waits for a turn.</summary>
    private sealed class Member(Process process, string label) : IDisposable
    {
        private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        private long? _runId;

        public bool Waiting { get; private set; }

        public static Member Start(Turn turn) =>
            new(Process.Start(turn.Start) ?? throw new InvalidOperationException($"could not start {turn.Label}"), turn.Label);

        /// <summary>
        /// Gives the run its turn (the first time: lets it start up, which needs no turn) and reads what it prints until
        /// it waits again or ends.
        /// </summary>
        public void TakeTurn(Action<string> line, bool first)
        {
            if (!first)
            {
                process.StandardInput.WriteLine(StdioTurns.Go);
                process.StandardInput.Flush();
            }

            Waiting = false;
            while (process.StandardOutput.ReadLine() is { } text)
            {
                if (text == StdioTurns.Waiting)
                {
                    Waiting = true;
                    return;
                }

                if (_runId is null && RunLine().Match(text) is { Success: true } match)
                {
                    _runId = long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
                }

                line(text);
            }
        }

        /// <summary>The stored run id once the run has ended. Exit 1 is a complete run in which a case failed validation: its other cases still compare.</summary>
        public long Finish()
        {
            process.WaitForExit();
            if (process.ExitCode is not (ExitCodes.Ok or ExitCodes.CaseFailures) || _runId is null)
            {
                throw new InvalidOperationException($"{label} exited {process.ExitCode}: {_stderr.Result.Trim()}");
            }

            return _runId.Value;
        }

        public void Kill()
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    /// <summary>The first line <c>moebench run</c> prints: "run 12: suite quick (30 measurements) into …".</summary>
    [GeneratedRegex(@"^run (?<id>\d+): suite ")]
    private static partial Regex RunLine();
}

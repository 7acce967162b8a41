using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MoeBench.Devices.Cpu;
using MoeBench.Engine.Calibration;
using MoeBench.Reporting.GateCheck;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Measures a gate check's runs as the nightly job does: each one a separate <c>moebench run</c> process (this same
/// executable), since code and data placement differ between processes and the rounds of one process cannot show
/// that (<c>ComparisonOptions.RoundNoiseFloor</c>) — A/A runs inside one process would look steadier than real nightly runs.
/// The runs of a block are measured in turns (<c>moebench run --turns</c>): all are started, one after another, and each
/// then takes one measurement in turn, the first turn passing from run to run at every step, so every kind of run meets
/// the host's phases alike. An injected run gets <c>MOEBENCH_INJECT_SLOWDOWN</c>; an un-injected one has it removed,
/// whatever this process inherited. Every run is stored with <c>--gate-check</c>, so none becomes history or a
/// selector's pick. The caller holds the machine for all of them: a run in turns takes no lock.
/// </summary>
internal sealed partial class GateCheckRuns(string suitePath, string dbPath)
{
    private readonly Stopwatch _clock = new();

    /// <summary>
    /// Measures one block's runs in turns and returns their stored run ids, in the order given. Progress lines of the
    /// runs (one per measured case) go to <paramref name="line"/>. Cancelling kills them, and they read as incomplete.
    /// </summary>
    /// <exception cref="InvalidOperationException">A run failed or stored no run; the message holds its stderr.</exception>
    public IReadOnlyList<long> MeasureInTurns(IReadOnlyList<Injection?> injections, Action<string> line, CancellationToken cancellation)
    {
        _clock.Start();
        var group = Guid.NewGuid().ToString("N");
        var members = new List<Member>();
        try
        {
            foreach (var injection in injections)
            {
                var member = Member.Start(Info(injection, group), injection);
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

    private ProcessStartInfo Info(Injection? injection, string group)
    {
        var info = Self(["run", "--suite", suitePath, "--db", dbPath, "--gate-check", "--calibration-max-age-hours", MaxCalibrationAge(), "--turns", group]);
        info.RedirectStandardInput = true;
        if (injection is null)
        {
            info.Environment.Remove(SlowdownInjection.Variable);
        }
        else
        {
            info.Environment[SlowdownInjection.Variable] = string.Create(CultureInfo.InvariantCulture, $"{injection.Op}:{injection.Fraction:R}");
        }

        return info;
    }

    /// <summary>One run of a block: its process, what it has said, and whether it waits for a turn.</summary>
    private sealed class Member(Process process, Injection? injection) : IDisposable
    {
        private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        private long? _runId;

        public bool Waiting { get; private set; }

        public static Member Start(ProcessStartInfo info, Injection? injection) =>
            new(Process.Start(info) ?? throw new InvalidOperationException("could not start moebench run"), injection);

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
                throw new InvalidOperationException($"moebench run {(injection is null ? "" : $"with {injection} ")}exited {process.ExitCode}: {_stderr.Result.Trim()}");
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

    /// <summary>
    /// Every run reuses one calibration: the first takes the usual policy (reuse one younger than a day, else calibrate
    /// and store), and each later run accepts one as old as that plus the time since the first began — so the
    /// calibration the first run used stays good for all of them.
    /// </summary>
    private string MaxCalibrationAge() =>
        Math.Ceiling(CalibrationOptions.Default.MaxAge.TotalHours + _clock.Elapsed.TotalHours).ToString(CultureInfo.InvariantCulture);

    /// <summary>This executable with <paramref name="args"/>: the app host itself, or <c>dotnet moebench.dll</c>.</summary>
    private static ProcessStartInfo Self(IReadOnlyList<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(typeof(GateCheckRuns).Assembly.Location);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>The first line <c>moebench run</c> prints: "run 12: suite quick (30 measurements) into …".</summary>
    [GeneratedRegex(@"^run (?<id>\d+): suite ")]
    private static partial Regex RunLine();
}

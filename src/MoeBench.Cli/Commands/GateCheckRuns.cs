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
/// that (<c>ComparisonOptions.RoundNoiseFloor</c>) — A/A runs inside one process would look steadier than real nightly runs. An injected run
/// gets <c>MOEBENCH_INJECT_SLOWDOWN</c>; a reference run has it removed, whatever this process inherited. Every run
/// is stored with <c>--gate-check</c>, so none becomes history or a selector's pick.
/// </summary>
internal sealed partial class GateCheckRuns(string suitePath, string dbPath)
{
    private readonly Stopwatch _clock = new();

    /// <summary>
    /// Runs one and returns its stored run id. Progress lines of the child (one per measured case) go to
    /// <paramref name="line"/>. Cancelling kills the child, whose run then reads as incomplete (its process is gone).
    /// </summary>
    /// <exception cref="InvalidOperationException">The child failed or stored no run; the message holds its stderr.</exception>
    public long Measure(Injection? injection, Action<string> line, CancellationToken cancellation)
    {
        _clock.Start();
        var info = Self(["run", "--suite", suitePath, "--db", dbPath, "--gate-check", "--calibration-max-age-hours", MaxCalibrationAge()]);
        if (injection is null)
        {
            info.Environment.Remove(SlowdownInjection.Variable);
        }
        else
        {
            info.Environment[SlowdownInjection.Variable] = string.Create(CultureInfo.InvariantCulture, $"{injection.Op}:{injection.Fraction:R}");
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start moebench run");
        using var kill = cancellation.Register(() => process.Kill(entireProcessTree: true));
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        long? runId = null;
        while (process.StandardOutput.ReadLine() is { } text)
        {
            if (runId is null && RunLine().Match(text) is { Success: true } match)
            {
                runId = long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
            }

            line(text);
        }

        process.WaitForExit();
        cancellation.ThrowIfCancellationRequested();

        // Exit 1 is a complete run in which a case failed validation: its other cases still compare.
        if (process.ExitCode is not (ExitCodes.Ok or ExitCodes.CaseFailures) || runId is null)
        {
            throw new InvalidOperationException($"moebench run {(injection is null ? "" : $"with {injection} ")}exited {process.ExitCode}: {stderr.Result.Trim()}");
        }

        return runId.Value;
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

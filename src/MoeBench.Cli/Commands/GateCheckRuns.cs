using System.Diagnostics;
using System.Globalization;
using MoeBench.Devices.Cpu;
using MoeBench.Engine.Calibration;
using MoeBench.Reporting.GateCheck;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Measures a gate check's runs as the nightly job does: each one a separate <c>moebench run</c> process (this same
/// executable), since code and data placement differ between processes and the rounds of one process cannot show
/// that (<c>ComparisonOptions.RoundNoiseFloor</c>) — A/A runs inside one process would look steadier than real nightly runs.
/// The runs of a block are measured in turns (<see cref="TurnsConductor"/>). An injected run gets
/// <c>MOEBENCH_INJECT_SLOWDOWN</c>; an un-injected one has it removed, whatever this process inherited. Every run is
/// stored with <c>--gate-check</c>, so none becomes history or a selector's pick.
/// </summary>
internal sealed class GateCheckRuns(string suitePath, string dbPath)
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
        var group = TurnsConductor.NewGroup();
        return TurnsConductor.Measure(
            [.. injections.Select(i => new TurnsConductor.Turn(Info(i, group), i is null ? "moebench run" : $"moebench run with {i}"))], line, cancellation);
    }

    private ProcessStartInfo Info(Injection? injection, string group)
    {
        var info = TurnsConductor.Self(["run", "--suite", suitePath, "--db", dbPath, "--gate-check", "--calibration-max-age-hours", MaxCalibrationAge(), "--turns", group]);
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

    /// <summary>
    /// Every run reuses one calibration: the first takes the usual policy (reuse one younger than a day, else calibrate
    /// and store), and each later run accepts one as old as that plus the time since the first began — so the
    /// calibration the first run used stays good for all of them.
    /// </summary>
    private string MaxCalibrationAge() =>
        Math.Ceiling(CalibrationOptions.Default.MaxAge.TotalHours + _clock.Elapsed.TotalHours).ToString(CultureInfo.InvariantCulture);
}

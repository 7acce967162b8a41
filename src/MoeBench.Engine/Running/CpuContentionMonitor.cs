using System.Globalization;
using MoeBench.Core.Results;

namespace MoeBench.Engine.Running;

/// <summary>
/// Samples, once a second through a run, the share of all cores' time that processes other than this one took:
/// from Linux's <c>/proc/stat</c> (busy time of the whole machine, hypervisor steal included, since a neighbour VM
/// slows a run as surely as a neighbour process) minus <c>/proc/self/stat</c> (this process's user and system time),
/// over the machine's total. Where those files do not exist the monitor reports no samples.
/// </summary>
public sealed class CpuContentionMonitor : IDisposable
{
    private readonly bool _besideAnotherRun;
    private readonly Func<(long Busy, long Total)?> _machine;
    private readonly Func<long?> _self;
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private (long Busy, long Total, long Self)? _last;
    private bool _paused;
    private long _othersSum;
    private long _totalSum;
    private double _peak;
    private int _samples;

    public CpuContentionMonitor(bool besideAnotherRun)
        : this(besideAnotherRun, ReadMachine, ReadSelf, TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>For tests: counters from fakes; a zero <paramref name="period"/> samples only when <see cref="Sample"/> is called.</summary>
    public CpuContentionMonitor(bool besideAnotherRun, Func<(long Busy, long Total)?> machine, Func<long?> self, TimeSpan period)
    {
        _besideAnotherRun = besideAnotherRun;
        _machine = machine;
        _self = self;
        Sample();
        if (period > TimeSpan.Zero)
        {
            _timer = new Timer(_ => Sample(), null, period, period);
        }
    }

    /// <summary>Reads the counters and adds the interval since the last read.</summary>
    public void Sample()
    {
        if (_machine() is not { } machine || _self() is not { } self)
        {
            return;
        }

        lock (_gate)
        {
            if (_paused)
            {
                return;
            }

            if (_last is { } last && machine.Total > last.Total)
            {
                var total = machine.Total - last.Total;
                var others = Math.Max(0, machine.Busy - last.Busy - (self - last.Self));
                _othersSum += others;
                _totalSum += total;
                _peak = Math.Max(_peak, Math.Min(1, (double)others / total));
                _samples++;
            }

            _last = (machine.Busy, machine.Total, self);
        }
    }

    /// <summary>
    /// Runs <paramref name="wait"/> with sampling paused: a run measuring in turns (<see cref="IMeasurementTurns"/>)
    /// waits while the other runs of its group measure, and their work is no contention of its own measurements.
    /// </summary>
    public void Excluding(Action wait)
    {
        ArgumentNullException.ThrowIfNull(wait);
        Sample();
        lock (_gate)
        {
            _paused = true;
        }

        try
        {
            wait();
        }
        finally
        {
            lock (_gate)
            {
                _paused = false;
                _last = null;
            }

            Sample();
        }
    }

    /// <summary>What was seen so far.</summary>
    public RunContention Observed()
    {
        Sample();
        lock (_gate)
        {
            var mean = _totalSum > 0 ? Math.Min(1, (double)_othersSum / _totalSum) : 0;
            return new RunContention(_besideAnotherRun, mean, _peak, _samples);
        }
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>The first line of /proc/stat: user nice system idle iowait irq softirq steal (guest time is inside user).</summary>
    public static (long Busy, long Total)? ParseMachine(string firstLine)
    {
        var fields = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            return null;
        }

        var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        var total = values.Sum();
        return (total - idle, total);
    }

    /// <summary>utime + stime of /proc/self/stat (fields 14 and 15; the command name in parentheses may hold spaces).</summary>
    public static long? ParseSelf(string stat)
    {
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // afterName[0] is field 3 (state), so field N is afterName[N - 3].
        return afterName.Length > 12
            ? long.Parse(afterName[11], CultureInfo.InvariantCulture) + long.Parse(afterName[12], CultureInfo.InvariantCulture)
            : null;
    }

    private static (long Busy, long Total)? ReadMachine()
    {
        try
        {
            return File.Exists("/proc/stat") ? ParseMachine(File.ReadLines("/proc/stat").First()) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long? ReadSelf()
    {
        try
        {
            return File.Exists("/proc/self/stat") ? ParseSelf(File.ReadAllText("/proc/self/stat")) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

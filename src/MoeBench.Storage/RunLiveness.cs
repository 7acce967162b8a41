using System.ComponentModel;
using System.Diagnostics;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>
/// Decides whether a run stored as <c>running</c> still has a process behind it. On the same host the process
/// must exist and, where its start time was recorded, have started then (a reused pid is another process). A
/// run from another host cannot be probed; after <see cref="ForeignHostTimeout"/> it is presumed dead.
/// </summary>
internal static class RunLiveness
{
    public static readonly TimeSpan ForeignHostTimeout = TimeSpan.FromHours(24);

    /// <summary>Start times read back through /proc or the OS API agree to well under this.</summary>
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(5);

    public static string CurrentHost => Environment.MachineName;

    public static int CurrentProcessId => Environment.ProcessId;

    public static DateTimeOffset? CurrentProcessStartedUtc()
    {
        using var self = Process.GetCurrentProcess();
        return TryStartTime(self);
    }

    /// <summary>The status a reader should see for a run stored with <paramref name="stored"/>.</summary>
    public static RunStatus Effective(
        RunStatus stored, string processHost, int pid, DateTimeOffset? processStartedUtc, DateTimeOffset runStartedUtc, DateTimeOffset now)
    {
        if (stored != RunStatus.Running)
        {
            return stored;
        }

        if (string.Equals(processHost, CurrentHost, StringComparison.OrdinalIgnoreCase))
        {
            return IsAlive(pid, processStartedUtc) ? RunStatus.Running : RunStatus.Incomplete;
        }

        return now - runStartedUtc > ForeignHostTimeout ? RunStatus.Incomplete : RunStatus.Running;
    }

    public static bool IsAlive(int pid, DateTimeOffset? processStartedUtc)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }

            var started = TryStartTime(process);
            return processStartedUtc is null || started is null
                || (started.Value - processStartedUtc.Value).Duration() <= StartTimeTolerance;
        }
        catch (ArgumentException)
        {
            // GetProcessById: no process with that id is running.
            return false;
        }
        catch (InvalidOperationException)
        {
            // The process exited between the lookup and the query.
            return false;
        }
    }

    private static DateTimeOffset? TryStartTime(Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Win32Exception)
        {
            // Another user's process on some platforms: alive, start time unknown.
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}

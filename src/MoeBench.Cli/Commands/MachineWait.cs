using MoeBench.Engine.Running;

namespace MoeBench.Cli.Commands;

/// <summary>Waiting for the machine (<see cref="MachineRunLock"/>) as the commands that measure do it, saying who holds it.</summary>
internal static class MachineWait
{
    /// <summary>
    /// The machine for <paramref name="holder"/>, once whoever holds it lets go; each wait is reported on stderr, with
    /// <paramref name="hint"/> after Ctrl-C. Null when cancelled while waiting.
    /// </summary>
    public static MachineRunLock? Take(string holder, string hint, CancellationToken cancellation)
    {
        try
        {
            return MachineRunLock.Take(
                MachineRunLock.DefaultDirectory,
                holder,
                other => Console.Error.WriteLine($"waiting for the machine: held by {other} (Ctrl-C to stop{hint})"),
                cancellation);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}

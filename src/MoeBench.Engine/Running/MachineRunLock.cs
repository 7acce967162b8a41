using System.Globalization;

namespace MoeBench.Engine.Running;

/// <summary>
/// One measuring run per machine. Two benchmarks on one machine slow each other silently (gemm 1024³ read 44% of its
/// roof beside a second run against 87% alone), so <c>moebench run</c> takes this lock before it measures and holds it
/// to the end. The lock is an exclusive open of a file in a directory every user shares (<c>/tmp</c>; .NET takes an
/// advisory <c>flock</c> for <see cref="FileShare.None"/> on Unix), so it is released by the OS when the process
/// dies, however it dies. A second file beside it names the holder for the message a waiting run prints.
/// </summary>
public sealed class MachineRunLock : IDisposable
{
    /// <summary>Where the lock lives: <c>MOEBENCH_LOCK_DIR</c> (tests isolate themselves with it), else the temp folder.</summary>
    public const string DirectoryVariable = "MOEBENCH_LOCK_DIR";

    private const string LockName = "moebench-run.lock";
    private const string HolderName = "moebench-run.holder";

    private readonly FileStream _lock;
    private readonly string _holderPath;

    private MachineRunLock(FileStream held, string holderPath)
    {
        _lock = held;
        _holderPath = holderPath;
    }

    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory ? directory : Path.GetTempPath();

    /// <summary>Takes the lock if no other process holds it; <paramref name="holder"/> says who holds it now.</summary>
    public static MachineRunLock? TryTake(string directory, string holder)
    {
        Directory.CreateDirectory(directory);
        FileStream held;
        try
        {
            held = new FileStream(Path.Combine(directory, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        var holderPath = Path.Combine(directory, HolderName);
        File.WriteAllText(holderPath, string.Create(CultureInfo.InvariantCulture, $"{holder} (pid {Environment.ProcessId}, since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ})"));
        return new MachineRunLock(held, holderPath);
    }

    /// <summary>Who holds the lock, as its holder wrote it; a generic phrase when that cannot be read.</summary>
    public static string DescribeHolder(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, HolderName)).Trim();
        }
        catch (IOException)
        {
            return "another MoeBench run";
        }
    }

    /// <summary>
    /// Takes the lock, waiting while another process holds it; <paramref name="waiting"/> is told once, with the
    /// holder, when it has to wait. Cancellation ends the wait with <see cref="OperationCanceledException"/>.
    /// </summary>
    public static MachineRunLock Take(string directory, string holder, Action<string> waiting, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        var told = false;
        while (true)
        {
            if (TryTake(directory, holder) is { } taken)
            {
                return taken;
            }

            if (!told)
            {
                waiting(DescribeHolder(directory));
                told = true;
            }

            cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        catch (IOException)
        {
            // Another process took the lock between our release and this delete and rewrote the file: leave it.
        }

        _lock.Dispose();
    }
}

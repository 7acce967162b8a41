using System.Runtime.InteropServices;
using System.Text;

namespace MoeBench.Reporting.Tests.Charts;

/// <summary>
/// Captures what is written to standard error while an action runs: through <see cref="Console.Error"/> and, on Linux,
/// straight to file descriptor 2 — where native Skia prints ("Unsupported path effect in addPaint."), past .NET.
/// </summary>
internal static partial class StandardError
{
    private const int Fd = 2;

    public static string Capture(Action action)
    {
        var managed = new StringWriter();
        var previous = Console.Error;
        var file = Path.GetTempFileName();
        try
        {
            using var sink = File.Open(file, FileMode.Truncate, FileAccess.Write);
            var saved = OperatingSystem.IsLinux() ? Dup(Fd) : -1;
            Console.SetError(managed);
            try
            {
                if (saved >= 0)
                {
                    Check(Dup2((int)sink.SafeFileHandle.DangerousGetHandle(), Fd), "dup2");
                }

                action();
            }
            finally
            {
                Console.SetError(previous);
                if (saved >= 0)
                {
                    Check(Dup2(saved, Fd), "dup2");
                    Check(Close(saved), "close");
                }
            }

            sink.Close();
            return managed + File.ReadAllText(file, Encoding.UTF8);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Writes to file descriptor 2 as native code does, bypassing <see cref="Console.Error"/>.</summary>
    public static void WriteNative(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Write(Fd, bytes, bytes.Length);
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            throw new IOException($"{call} on file descriptor {Fd} failed");
        }
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "write")]
    private static partial nint Write(int fd, byte[] buffer, nint count);
}

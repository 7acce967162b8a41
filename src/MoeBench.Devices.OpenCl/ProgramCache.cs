using System.Security.Cryptography;
using System.Text;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// Program binaries built here, one file per (device, driver, sources, build options): a binary is only valid for the
/// exact device and driver that produced it, and only for its sources. The folder is
/// <c>$MOEBENCH_OPENCL_CACHE</c>, else <c>$XDG_CACHE_HOME/moebench/opencl</c>, else <c>~/.cache/moebench/opencl</c>.
/// A file that cannot be read or written is treated as a miss: the cache saves time, it never decides a result.
/// </summary>
public sealed class ProgramCache(string directory)
{
    public const string DirectoryVariable = "MOEBENCH_OPENCL_CACHE";

    public string Directory => directory;

    public static ProgramCache Default()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            return new(configured);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return new(Path.Combine(root, "moebench", "opencl"));
    }

    /// <summary>The file a binary of <paramref name="sourceSha256"/> built for <paramref name="hardware"/> lives in.</summary>
    public string PathFor(OpenClHardware hardware, string sourceSha256, string buildOptions)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var key = string.Join('|', hardware.Platform, hardware.PlatformVersion, hardware.Name, hardware.Vendor, hardware.DriverVersion, sourceSha256, buildOptions);
        return Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".bin");
    }

    public static byte[]? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes through a temporary file and a rename, so a concurrent reader never sees half a binary.</summary>
    public static bool TryWrite(string path, byte[] binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        try
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, binary);
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

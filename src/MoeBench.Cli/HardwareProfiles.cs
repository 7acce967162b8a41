using MoeBench.Devices.Modeled;
using MoeBench.Engine.Hardware;

namespace MoeBench.Cli;

/// <summary>
/// Where the CLI finds <c>hardware/*.yaml</c>: the folder <see cref="HardwareProfileLoader.FolderVariable"/> names, or
/// else the nearest <c>hardware/</c> in the current directory or one above it (a command run from a subfolder of the
/// repository still lists the modeled devices). No folder means no modeled devices, not an error.
/// </summary>
public static class HardwareProfiles
{
    /// <summary>The profiles, or null after writing every error (file:line:column: field: message) to <paramref name="error"/>.</summary>
    public static IReadOnlyList<HardwareProfile>? Load(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var folder = Folder();
        if (folder is null)
        {
            return [];
        }

        var loaded = HardwareProfileLoader.LoadFolder(folder);
        foreach (var e in loaded.Errors)
        {
            error.WriteLine($"error: {e}");
        }

        return loaded.Ok ? loaded.Profiles : null;
    }

    private static string? Folder()
    {
        if (Environment.GetEnvironmentVariable(HardwareProfileLoader.FolderVariable) is { Length: > 0 } named)
        {
            return named; // a folder that is not there is reported by the loader: the user asked for it
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hardware");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Devices.Cpu;
using MoeBench.Engine.Suites;

namespace MoeBench.Cli;

/// <summary>Collects everything a run's results need to be reproduced: tool, commit, host, accelerators, runtime, suite.</summary>
public static class RunContextFactory
{
    /// <summary>Variables that change what a kernel does or how it is scheduled.</summary>
    private static readonly string[] RelevantVariables =
    [
        "DOTNET_TieredPGO", "DOTNET_TieredCompilation", "DOTNET_ReadyToRun", "DOTNET_gcServer", "DOTNET_GCHeapCount",
        "DOTNET_EnableAVX512F", "DOTNET_PreferredVectorBitWidth", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
        "OPENBLAS_CORETYPE", "MOEBENCH_INJECT_SLOWDOWN", "CI",
    ];

    /// <param name="devices">The devices the run measures on; their accelerators are recorded.</param>
    public static RunContext Create(Suite suite, string settings, IEnumerable<DeviceEntry> devices)
    {
        var environment = RelevantVariables
            .Select(v => (v, Environment.GetEnvironmentVariable(v)))
            .Where(p => p.Item2 is not null)
            .ToDictionary(p => p.v, p => p.Item2!);
        return new RunContext(
            ToolVersion: typeof(RunContextFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
            GitCommit: Git("rev-parse HEAD") ?? "unknown",
            GitBranch: Git("rev-parse --abbrev-ref HEAD") ?? "unknown",
            GitDirty: !string.IsNullOrEmpty(Git("status --porcelain --untracked-files=no")),
            Host: Environment.MachineName,
            Os: RuntimeInformation.OSDescription,
            Runtime: RuntimeInformation.FrameworkDescription,
            CpuModel: CpuIdentity.ModelName,
            CpuCores: CpuIdentity.Cores,
            CpuIsa: string.Join(' ', CpuIdentity.Isa),
            SuiteName: suite.Name,
            SuiteHash: suite.Hash,
            StartedUtc: DateTimeOffset.UtcNow,
            Seed: suite.Settings.Seed,
            Settings: settings,
            Environment: environment)
        {
            Accelerators = [.. devices.Select(e => e.Accelerator).OfType<AcceleratorInfo>().Distinct()],
        };
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git not installed: the run still records everything else
        }
    }
}

namespace MoeBench.Core.Results;

/// <summary>
/// Everything about one invocation of the harness that a result needs to be reproduced or compared: the tool and
/// commit, the host (<see cref="Machine"/>), the accelerators beside it, the suite and its settings.
/// </summary>
public sealed record RunContext(
    string ToolVersion,
    string GitCommit,
    string GitBranch,
    bool GitDirty,
    string Host,
    string Os,
    string Runtime,
    string CpuModel,
    int CpuCores,
    string CpuIsa,
    string SuiteName,
    string SuiteHash,
    DateTimeOffset StartedUtc,
    int Seed,
    string Settings,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The host's fields as one record.</summary>
    public HostInfo Machine => new(Host, Os, Runtime, CpuModel, CpuCores, CpuIsa);

    /// <summary>Accelerators the run's backends found (GPUs, FPGA boards, NPUs); empty on a CPU-only machine.</summary>
    public IReadOnlyList<AcceleratorInfo> Accelerators { get; init; } = [];

    /// <summary>Why the run was made; only <see cref="RunPurpose.Benchmark"/> runs are history and selectable by form.</summary>
    public RunPurpose Purpose { get; init; } = RunPurpose.Benchmark;
}

/// <summary>A run as stored: its context, status and, once finished, its end time.</summary>
public sealed record RunRecord(long Id, RunContext Context, RunStatus Status, DateTimeOffset? EndedUtc, int ProcessId)
{
    /// <summary>What else used the machine during the run; null for runs stored before it was observed.</summary>
    public RunContention? Contention { get; init; }
}

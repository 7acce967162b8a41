namespace MoeBench.Core.Results;

/// <summary>Everything about one invocation of the harness that a result needs to be reproduced or compared.</summary>
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
    IReadOnlyDictionary<string, string> Environment);

/// <summary>A run as stored: its context, status and, once finished, its end time.</summary>
public sealed record RunRecord(long Id, RunContext Context, RunStatus Status, DateTimeOffset? EndedUtc, int ProcessId);

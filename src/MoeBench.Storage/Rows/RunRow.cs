using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>A <c>runs</c> row as Dapper reads and writes it; property names are the SQL aliases and parameters.</summary>
internal sealed class RunRow
{
    public long Id { get; set; }

    public string ToolVersion { get; set; } = "";

    public string GitCommit { get; set; } = "";

    public string GitBranch { get; set; } = "";

    public long GitDirty { get; set; }

    public string Host { get; set; } = "";

    public string Os { get; set; } = "";

    public string Runtime { get; set; } = "";

    public string CpuModel { get; set; } = "";

    public long CpuCores { get; set; }

    public string CpuIsa { get; set; } = "";

    public string SuiteName { get; set; } = "";

    public string SuiteHash { get; set; } = "";

    public string StartedUtc { get; set; } = "";

    public string? EndedUtc { get; set; }

    public string Status { get; set; } = "";

    public long Seed { get; set; }

    public string Settings { get; set; } = "";

    public string Environment { get; set; } = "{}";

    public long Pid { get; set; }

    public string ProcessHost { get; set; } = "";

    public string? ProcessStartedUtc { get; set; }

    /// <summary>JSON (<see cref="AcceleratorsJson"/>); <c>[]</c> for runs stored before migration 7.</summary>
    public string Accelerators { get; set; } = "[]";

    /// <summary>JSON of <see cref="RunContention"/>; null for runs stored before migration 8 or never finished.</summary>
    public string? Contention { get; set; }

    /// <summary><see cref="RunPurpose"/> by name; <c>benchmark</c> for runs stored before migration 10.</summary>
    public string Purpose { get; set; } = "benchmark";

    public static RunRow Begin(RunContext context, int pid, string processHost, DateTimeOffset? processStartedUtc) => new()
    {
        ToolVersion = context.ToolVersion,
        GitCommit = context.GitCommit,
        GitBranch = context.GitBranch,
        GitDirty = context.GitDirty ? 1 : 0,
        Host = context.Host,
        Os = context.Os,
        Runtime = context.Runtime,
        CpuModel = context.CpuModel,
        CpuCores = context.CpuCores,
        CpuIsa = context.CpuIsa,
        SuiteName = context.SuiteName,
        SuiteHash = context.SuiteHash,
        StartedUtc = RowValues.ToText(context.StartedUtc),
        EndedUtc = null,
        Status = RunStatus.Running.ToName(),
        Seed = context.Seed,
        Settings = context.Settings,
        Environment = RowValues.ToJson(new SortedDictionary<string, string>(
            context.Environment.ToDictionary(), StringComparer.Ordinal)),
        Pid = pid,
        ProcessHost = processHost,
        ProcessStartedUtc = RowValues.ToText(processStartedUtc),
        Accelerators = AcceleratorsJson.Encode(context.Accelerators),
        Purpose = context.Purpose.ToName(),
    };

    public RunStatus StoredStatus => StatusNames.ParseRunStatus(Status);

    /// <summary>The run as readers see it: a <c>running</c> run whose process is gone reads as incomplete.</summary>
    public RunRecord ToRecord(DateTimeOffset now)
    {
        var context = new RunContext(
            ToolVersion,
            GitCommit,
            GitBranch,
            GitDirty != 0,
            Host,
            Os,
            Runtime,
            CpuModel,
            RowValues.ToInt(CpuCores, "runs.cpu_cores"),
            CpuIsa,
            SuiteName,
            SuiteHash,
            RowValues.ParseTimestamp(StartedUtc),
            RowValues.ToInt(Seed, "runs.seed"),
            Settings,
            RowValues.FromJson<Dictionary<string, string>>(Environment, "runs.environment"))
        {
            Accelerators = AcceleratorsJson.Decode(Accelerators),
            Purpose = RunPurposeNames.ParseRunPurpose(Purpose),
        };
        var pid = RowValues.ToInt(Pid, "runs.pid");
        var status = RunLiveness.Effective(
            StoredStatus, ProcessHost, pid, RowValues.ParseTimestampOrNull(ProcessStartedUtc), context.StartedUtc, now);
        return new RunRecord(Id, context, status, RowValues.ParseTimestampOrNull(EndedUtc), pid)
        {
            Contention = Contention is null ? null : RowValues.FromJson<RunContention>(Contention, "runs.contention"),
        };
    }
}

namespace MoeBench.Storage;

/// <summary>A row of a store's case-history query as Dapper reads it; property names are the SQL aliases.</summary>
internal sealed class HistoryRow
{
    public long ResultId { get; set; }

    public long RunId { get; set; }

    public string GitCommit { get; set; } = "";

    public string GitBranch { get; set; } = "";

    public string StartedUtc { get; set; } = "";

    public double? Value { get; set; }

    public byte[]? Samples { get; set; }

    public HistoryEntry ToEntry() => new(
        RunId,
        GitCommit,
        GitBranch,
        RowValues.ParseTimestamp(StartedUtc),
        RowValues.FromReal(Value),
        SampleBlob.Decode(Samples));
}

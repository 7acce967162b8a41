namespace MoeBench.Serving.Load;

/// <summary>One request of a recorded trace, as recorded: seconds from the trace's first request, lengths in tokens.</summary>
/// <param name="HashIds">Mooncake's <c>hash_ids</c>, one per <see cref="TraceFile.BlockTokens"/>-token prompt block; empty where the trace has none.</param>
public sealed record TraceRecord(double Seconds, int PromptTokens, int OutputTokens, IReadOnlyList<long> HashIds);

/// <summary>A whole trace file: its records in file order and the resolution its timestamps were quantised to.</summary>
/// <param name="Quantum">Seconds between two distinct timestamps the format can write (Mooncake: 1 ms).</param>
/// <param name="BlockTokens">Tokens per <see cref="TraceRecord.HashIds"/> block (Mooncake: 512); 0 without hash ids.</param>
public sealed record TraceFile(string Path, IReadOnlyList<TraceRecord> Records, double Quantum, int BlockTokens);

/// <summary>A trace line that cannot be read: names the file, the 1-based line and the field, as suite errors do.</summary>
public sealed class TraceFormatException(string path, int line, string field, string problem)
    : Exception($"{path}:{line}: {field}: {problem}")
{
    public string Path { get; } = path;

    public int Line { get; } = line;

    public string Field { get; } = field;
}

namespace MoeBench.Serving.Load;

/// <summary>Reads a trace by its extension: <c>.csv</c> is the Azure LLM inference format, <c>.jsonl</c> Mooncake's.</summary>
public static class TraceFiles
{
    public static TraceFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"trace file '{path}' not found (relative paths are read from {Environment.CurrentDirectory})", full);
        }

        var trace = Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".csv" => AzureTraceReader.Read(full),
            ".jsonl" => MooncakeTraceReader.Read(full),
            var other => throw new ArgumentException($"trace file '{path}': unknown format '{other}' (known: .csv Azure LLM inference, .jsonl Mooncake)"),
        };
        return trace.Records.Count > 0 ? trace : throw new ArgumentException($"trace file '{path}' holds no requests");
    }

    /// <summary>Why the trace cannot be replayed (file, line and field where a line is malformed), or null: a suite's check.</summary>
    public static string? Problem(string path)
    {
        try
        {
            Read(path);
            return null;
        }
        catch (Exception e) when (e is TraceFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}

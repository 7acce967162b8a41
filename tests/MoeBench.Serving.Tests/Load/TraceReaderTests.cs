using MoeBench.Serving.Load;

namespace MoeBench.Serving.Tests.Load;

/// <summary>Both trace formats from small files written here; the real Azure trace from shared/data where present.</summary>
public sealed class TraceReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("moebench-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_azure_csv_reads_as_seconds_from_its_first_request_with_both_lengths()
    {
        var path = Write("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:04.0319600,3180,8\n");

        var trace = TraceFiles.Read(path);

        Assert.Equal([0.0, 0.052], trace.Records.Select(r => Math.Round(r.Seconds, 9)));
        Assert.Equal([(4808, 10), (3180, 8)], trace.Records.Select(r => (r.PromptTokens, r.OutputTokens)));
        Assert.Equal(AzureTraceReader.Quantum, trace.Quantum);
    }

    [Fact]
    public void A_mooncake_jsonl_reads_milliseconds_lengths_and_hash_ids()
    {
        var path = Write("mooncake.jsonl", """
            {"timestamp": 27482, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47, 48]}
            {"timestamp": 30535, "input_length": 1024, "output_length": 1, "hash_ids": [46, 49]}
            """);

        var trace = TraceFiles.Read(path);

        Assert.Equal([0.0, 3.053], trace.Records.Select(r => Math.Round(r.Seconds, 9)));
        Assert.Equal([46L, 49L], trace.Records[1].HashIds);
        Assert.Equal(512, trace.BlockTokens);
    }

    [Theory]
    [InlineData("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:04.0319600,31x0,8\n", 3, "ContextTokens")]
    [InlineData("b.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,4808,10\n", 2, "TIMESTAMP")]
    [InlineData("c.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808\n", 2, "line")]
    [InlineData("d.csv", "when,prompt,output\n", 1, "header")]
    [InlineData("e.jsonl", "{\"timestamp\": 1, \"input_length\": 5, \"output_length\": 2}\n{\"timestamp\": 2, \"input_length\": 5}\n", 2, "output_length")]
    [InlineData("f.jsonl", "{\"timestamp\": 1, \"input_length\": 5, \"output_length\": 2, \"hash_ids\": [1, \"x\"]}\n", 1, "hash_ids[1]")]
    [InlineData("g.jsonl", "{\"timestamp\": 1, \"input_length\": 0, \"output_length\": 2}\n", 1, "input_length")]
    [InlineData("h.jsonl", "not json\n", 1, "line")]
    public void A_malformed_line_names_the_file_the_line_and_the_field(string name, string text, int line, string field)
    {
        var path = Write(name, text);

        var error = Assert.Throws<TraceFormatException>(() => TraceFiles.Read(path));

        Assert.Equal((path, line, field), (error.Path, error.Line, error.Field));
        Assert.StartsWith($"{path}:{line}: {field}: ", TraceFiles.Problem(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n", "holds no requests")]
    [InlineData("empty.jsonl", "", "holds no requests")]
    [InlineData("trace.txt", "1,2,3\n", "unknown format '.txt'")]
    public void An_empty_trace_or_an_unknown_format_is_refused(string name, string text, string message)
    {
        Assert.Contains(message, TraceFiles.Problem(Write(name, text)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_trace_says_where_relative_paths_are_read_from()
    {
        Assert.Contains("not found (relative paths are read from", TraceFiles.Problem(Path.Combine(_dir, "none.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_shared_azure_conversation_trace_reads_in_time_order()
    {
        var path = SharedData.AzureConversationTrace;
        if (!File.Exists(path))
        {
            Assert.Fail($"the Azure trace is not at {path}; shared/data is part of the test environment");
        }

        var trace = TraceFiles.Read(path);

        Assert.Equal(19_366, trace.Records.Count);
        Assert.True(trace.Records.Zip(trace.Records.Skip(1)).All(p => p.First.Seconds <= p.Second.Seconds));
        Assert.Equal((374, 44), (trace.Records[0].PromptTokens, trace.Records[0].OutputTokens));
    }
}

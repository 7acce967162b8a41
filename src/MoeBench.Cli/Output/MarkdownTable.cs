namespace MoeBench.Cli.Output;

/// <summary>A GitHub-flavoured Markdown table of plain cells; pipes and newlines are escaped so every row stays one line.</summary>
public static class MarkdownTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        writer.WriteLine(Row(headers));
        writer.WriteLine(Row([.. headers.Select(_ => "---")]));
        foreach (var row in rows)
        {
            writer.WriteLine(Row(row));
        }
    }

    private static string Row(IReadOnlyList<string> cells) =>
        "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal))) + " |";
}

using System.CommandLine;

namespace MoeBench.Cli.Output;

/// <summary>How a command prints what it found: a console table, a Markdown table (a PR comment), or JSON (a script).</summary>
public enum OutputFormat
{
    Table,
    Md,
    Json,
}

public static class OutputFormatOption
{
    public static Option<OutputFormat> Create() => new("--format")
    {
        Description = "table (for people), md (Markdown, for a PR comment or a CI summary) or json (for scripts)",
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}

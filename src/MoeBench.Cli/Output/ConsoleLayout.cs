using System.Globalization;
using Spectre.Console;

namespace MoeBench.Cli.Output;

/// <summary>
/// How wide tables are drawn: <c>COLUMNS</c> when it is set (a CI job or a script that knows its log's width), else
/// the terminal's width, else — output piped or sent to a CI log, where Spectre would assume 80 columns and cut every
/// label into pieces — wide enough that no row wraps: one line per row, for <c>grep</c> and for people.
/// </summary>
public static class ConsoleLayout
{
    /// <summary>The width used without a terminal: no table here comes near it, so none wraps.</summary>
    public const int Unbounded = 4096;

    public static void Apply(IAnsiConsole console, string? columns, bool outputRedirected)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0)
        {
            console.Profile.Width = width;
        }
        else if (outputRedirected)
        {
            console.Profile.Width = Unbounded;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MoeBench.Reporting.Selection;

/// <summary>Parses <c>ID</c>, <c>latest</c>, <c>branch:NAME</c>, <c>commit:SHA</c> and <c>last:N</c>.</summary>
public static class RunSelectorParser
{
    public const string Forms = "ID, latest, branch:NAME, commit:SHA (>= 7 hex digits) or last:N";

    /// <summary>A git object name is 40 (SHA-1) or 64 (SHA-256) hex digits; 7 is git's shortest default abbreviation.</summary>
    private const int MinCommitPrefix = 7;
    private const int MaxCommitPrefix = 64;

    /// <summary>Pooling more runs than this is a typo, not a baseline.</summary>
    private const int MaxLastRuns = 1_000;

    public static bool TryParse(
        string? text, [NotNullWhen(true)] out RunSelector? selector, [NotNullWhen(false)] out SelectorError? error)
    {
        selector = null;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = Malformed(text, "it is empty");
            return false;
        }

        if (trimmed.All(char.IsAsciiDigit))
        {
            if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                selector = new RunIdSelector(id, trimmed);
                return true;
            }

            error = Malformed(text, "a run id is a positive integer");
            return false;
        }

        if (trimmed.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            selector = new LatestSelector(trimmed);
            return true;
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var (kind, argument) = colon < 0 ? (trimmed, "") : (trimmed[..colon].ToLowerInvariant(), trimmed[(colon + 1)..].Trim());
        selector = kind switch
        {
            "branch" when argument.Length > 0 => new BranchSelector(argument, trimmed),
            "commit" when IsCommitPrefix(argument) => new CommitSelector(argument.ToLowerInvariant(), trimmed),
            "last" when int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLastRuns
                => new LastRunsSelector(n, trimmed),
            _ => null,
        };
        if (selector is not null)
        {
            return true;
        }

        error = Malformed(text, kind switch
        {
            "branch" => "branch: needs a branch name",
            "commit" => $"commit: needs {MinCommitPrefix}-{MaxCommitPrefix} hex digits",
            "last" => $"last: needs a run count from 1 to {MaxLastRuns}",
            _ => "unknown form",
        });
        return false;
    }

    private static bool IsCommitPrefix(string text) =>
        text.Length is >= MinCommitPrefix and <= MaxCommitPrefix && text.All(char.IsAsciiHexDigit);

    private static SelectorError Malformed(string? text, string why) =>
        new(SelectorErrorKind.Malformed, $"bad run selector '{text}': {why} (expected {Forms})");
}

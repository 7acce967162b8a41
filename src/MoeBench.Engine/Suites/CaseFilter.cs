namespace MoeBench.Engine.Suites;

/// <summary>
/// Selects cases on the command line (<c>--filter 'gemm*1024*'</c>): a glob with <c>*</c> and <c>?</c>,
/// case-insensitive, matched against a case's label, name and id. A pattern without wildcards matches as a
/// substring, so <c>--filter mixtral</c> finds every Mixtral case.
/// </summary>
public static class CaseFilter
{
    public static bool Matches(string glob, PlannedCase c)
    {
        ArgumentNullException.ThrowIfNull(glob);
        ArgumentNullException.ThrowIfNull(c);
        string[] targets = [c.Spec.Label, c.Spec.Name, c.Spec.Id];
        return glob.AsSpan().IndexOfAny('*', '?') < 0
            ? targets.Any(t => t.Contains(glob, StringComparison.OrdinalIgnoreCase))
            : targets.Any(t => Glob(glob, t));
    }

    /// <summary>Whole-string wildcard match, linear backtracking on the last <c>*</c> (no regex, no allocation).</summary>
    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b) => char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}

namespace MoeBench.Core.Cases;

/// <summary>
/// The one way MoeBench selects cases by text — <c>--filter</c>, a suite's <c>gate: cases:</c>, <c>--min-effect-for</c>:
/// case-insensitive, matched against a case's label, name and id. A pattern with <c>*</c> or <c>?</c> is a glob
/// over the whole text (<c>gemm*</c>: labels starting with gemm); one without them matches anywhere in it
/// (<c>mixtral</c>: every Mixtral case; <c>m=1024</c>: every case with that parameter), and an id prefix finds its case.
/// </summary>
public static class CasePattern
{
    public static bool Matches(string pattern, CaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Matches(pattern, spec.Id, spec.Label, spec.Name);
    }

    public static bool Matches(string pattern, string id, string label, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        string[] targets = [label, name, id];
        return pattern.AsSpan().IndexOfAny('*', '?') < 0
            ? targets.Any(t => t.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            : targets.Any(t => Glob(pattern, t));
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

using System.Text;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// Wraps a case label into short lines for a tick label: a case label lists every parameter
/// (<c>grouped_gemm cache=cold model=mixtral-8x7b@1/8 proj=up routing=uniform tokens=16</c>) and would
/// otherwise overlap its neighbours. Breaks at spaces, so a <c>key=value</c> pair stays whole unless it alone is
/// longer than a line.
/// </summary>
internal static class TextWrap
{
    public static string Wrap(string text, int lineWidth, int maxLines)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > lineWidth)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (word.Length > lineWidth)
            {
                // The pieces of one word are never joined to others with a space: each gets its own line.
                var pieces = Chunks(word, lineWidth).ToList();
                lines.AddRange(pieces.SkipLast(1));
                line.Append(pieces[^1]);
                continue;
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        if (lines.Count > maxLines)
        {
            // The full label is in the results table; the chart says that something was cut.
            lines = lines.Take(maxLines).ToList();
            lines[^1] += " …";
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// A word longer than a line (<c>capacity_factor=1.25</c>) is split, or it would overlap the next label:
    /// after its '=' if that fits, else after the last '@', '/', '_' or '-' that fits, else at the line width.
    /// </summary>
    private static IEnumerable<string> Chunks(string word, int lineWidth)
    {
        var rest = word;
        while (rest.Length > lineWidth)
        {
            var head = rest[..lineWidth];
            var cut = head.IndexOf('=', StringComparison.Ordinal) + 1;
            if (cut <= 1)
            {
                cut = head.LastIndexOfAny(['@', '/', '_', '-']) + 1;
            }

            cut = cut <= 1 ? lineWidth : cut;
            yield return rest[..cut];
            rest = rest[cut..];
        }

        yield return rest;
    }
}

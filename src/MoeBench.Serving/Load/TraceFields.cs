using System.Globalization;

namespace MoeBench.Serving.Load;

/// <summary>Field checks both trace formats share.</summary>
internal static class TraceFields
{
    /// <summary>A token count: a whole number of at least 1 (a request with no prompt or no output is no request).</summary>
    public static int Tokens(string path, int line, string field, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new TraceFormatException(path, line, field, $"expected a whole number of tokens ≥ 1, got '{text}'");
}

namespace MoeBench.Engine.Suites;

/// <summary>
/// One problem in a suite file, located precisely enough for an editor to jump to it. Line and column are
/// 1-based as YamlDotNet reports them; line 0 means the file itself (missing, unreadable).
/// </summary>
/// <param name="Field">Dotted path of the offending field, e.g. <c>cases[2].params.tokens</c>; empty for syntax errors.</param>
public sealed record SuiteError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary><c>FILE:LINE:COLUMN: FIELD: MESSAGE</c> (the field part is left out when there is none).</summary>
    public override string ToString() => Field.Length == 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Field}: {Message}");
}

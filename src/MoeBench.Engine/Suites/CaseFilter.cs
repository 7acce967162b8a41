using MoeBench.Core.Cases;

namespace MoeBench.Engine.Suites;

/// <summary>Selects planned cases on the command line (<c>--filter 'gemm*1024*'</c>) by <see cref="CasePattern"/>, the one case syntax.</summary>
public static class CaseFilter
{
    public static bool Matches(string pattern, PlannedCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return CasePattern.Matches(pattern, c.Spec);
    }
}

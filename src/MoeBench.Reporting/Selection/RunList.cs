using System.Globalization;

namespace MoeBench.Reporting.Selection;

/// <summary>Run ids as error messages name them: "run 4" or "runs 9, 8, 7".</summary>
internal static class RunList
{
    public static string Describe(IReadOnlyList<long> ids) => ids.Count == 1
        ? string.Create(CultureInfo.InvariantCulture, $"run {ids[0]}")
        : "runs " + string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
}

using MoeBench.Core.Cases;
using MoeBench.Core.Results;

namespace MoeBench.Engine.Suites;

/// <summary>A loaded, validated suite: its settings and the cases its grids expand into, in file order.</summary>
/// <param name="Path">The path the suite was loaded from (as given).</param>
/// <param name="Hash">Lowercase hex SHA-256 of the file bytes; stored with every run so results name their suite version.</param>
/// <param name="Devices">The suite-level device list (default <c>[cpu]</c>); each case carries its own effective list.</param>
/// <param name="Gate">The regression gate's thresholds from the <c>gate:</c> section; null (the default) is
/// <see cref="GateSettings.None"/>.</param>
public sealed record Suite(
    string Name,
    string Path,
    string Hash,
    string Description,
    IReadOnlyList<string> Tags,
    EngineSettings Settings,
    IReadOnlyList<string> Devices,
    IReadOnlyList<PlannedCase> Cases,
    GateSettings? Gate = null)
{
    /// <summary>The regression gate's thresholds; <see cref="GateSettings.None"/> when the suite has no <c>gate:</c>.</summary>
    public GateSettings Gate { get; init; } = Gate ?? GateSettings.None;
}

/// <summary>One expanded case of a suite and the devices it runs on.</summary>
/// <param name="Tags">The tags of the case entry it came from (suite-level tags live on <see cref="Suite.Tags"/>).</param>
/// <param name="Line">Line of the case entry in the suite file, for messages about the case.</param>
public sealed record PlannedCase(CaseSpec Spec, IReadOnlyList<string> Devices, IReadOnlyList<string> Tags, int Line);

/// <summary>Either a suite or the errors that prevented it; never both.</summary>
public sealed record SuiteLoadResult(Suite? Suite, IReadOnlyList<SuiteError> Errors)
{
    public bool Succeeded => Suite is not null;
}

namespace MoeBench.Cli.Tests;

/// <summary>
/// Marks tests whose verdicts depend on the machine being otherwise idle, as a perf gate's runner is: run-tests.sh
/// runs every other test first (<c>--filter Needs!=QuietMachine</c>, test projects side by side), then these alone.
/// </summary>
internal static class QuietMachine
{
    public const string Trait = "Needs";

    public const string Value = "QuietMachine";
}

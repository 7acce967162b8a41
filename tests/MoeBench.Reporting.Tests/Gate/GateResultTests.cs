using MoeBench.Reporting.Gate;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Tests.Gate;

public sealed class GateResultTests
{
    [Fact]
    public void A_confirmed_regression_fails_the_gate_with_exit_1()
    {
        var result = GateResult.From(GateFixtures.Report());
        Assert.Equal(GateExitCodes.Regression, result.ExitCode);
        Assert.Equal("1 confirmed regression in 3 compared cases; common-mode slowdown +4.1% over 40 cases removed", result.Headline);
    }

    [Fact]
    public void Noisy_failed_new_and_missing_cases_do_not_fail_the_gate()
    {
        var result = GateResult.From(GateFixtures.Report(GateFixtures.Noisy, GateFixtures.Failed, GateFixtures.New, GateFixtures.Missing, GateFixtures.Unchanged));
        Assert.Equal(GateExitCodes.Ok, result.ExitCode);
        Assert.Equal("no confirmed regression in 2 compared cases; common-mode slowdown +4.1% over 40 cases removed", result.Headline);
    }

    [Fact]
    public void A_comparison_that_compared_nothing_has_no_usable_baseline()
    {
        var result = GateResult.From(GateFixtures.Report(GateFixtures.New, GateFixtures.Failed));
        Assert.Equal(GateExitCodes.NoBaseline, result.ExitCode);
        Assert.Contains("no usable baseline", result.Headline, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SelectorErrorKind.Malformed, GateExitCodes.BadInput)]
    [InlineData(SelectorErrorKind.NoMatch, GateExitCodes.NoBaseline)]
    public void A_selector_error_maps_to_its_exit_code_without_a_report(SelectorErrorKind kind, int exitCode)
    {
        var result = GateResult.From(new SelectorError(kind, "why"));
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Null(result.Report);
        Assert.Equal("why", result.Headline);
    }
}

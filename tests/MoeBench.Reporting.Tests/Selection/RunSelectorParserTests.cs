using MoeBench.Reporting.Gate;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Tests.Selection;

public sealed class RunSelectorParserTests
{
    [Theory]
    [InlineData("42", typeof(RunIdSelector))]
    [InlineData(" 7 ", typeof(RunIdSelector))]
    [InlineData("latest", typeof(LatestSelector))]
    [InlineData("LATEST", typeof(LatestSelector))]
    [InlineData("branch:main", typeof(BranchSelector))]
    [InlineData("branch:feature/moe:v2", typeof(BranchSelector))]
    [InlineData("commit:abcdef1", typeof(CommitSelector))]
    [InlineData("commit:0123456789abcdef0123456789abcdef01234567", typeof(CommitSelector))]
    [InlineData("last:5", typeof(LastRunsSelector))]
    public void Well_formed_selectors_parse_to_their_form(string text, Type form)
    {
        Assert.True(RunSelectorParser.TryParse(text, out var selector, out var error), error?.Message);
        Assert.IsType(form, selector);
        Assert.Equal(text.Trim(), selector.Text);
    }

    [Fact]
    public void Arguments_are_kept_exactly_and_commit_prefixes_lowercased()
    {
        Assert.True(RunSelectorParser.TryParse("branch:feature/moe:v2", out var branch, out _));
        Assert.Equal("feature/moe:v2", ((BranchSelector)branch).Branch);
        Assert.True(RunSelectorParser.TryParse("commit:ABCDEF12", out var commit, out _));
        Assert.Equal("abcdef12", ((CommitSelector)commit).CommitPrefix);
        Assert.True(RunSelectorParser.TryParse("last:12", out var last, out _));
        Assert.Equal(12, ((LastRunsSelector)last).Count);
        Assert.True(RunSelectorParser.TryParse("42", out var id, out _));
        Assert.Equal(42, ((RunIdSelector)id).RunId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("99999999999999999999")]
    [InlineData("newest")]
    [InlineData("branch:")]
    [InlineData("commit:abc123")]
    [InlineData("commit:xyz1234")]
    [InlineData("last:0")]
    [InlineData("last:x")]
    [InlineData("last:1001")]
    [InlineData("tag:v1")]
    public void Malformed_selectors_are_bad_input_with_the_accepted_forms_in_the_message(string? text)
    {
        Assert.False(RunSelectorParser.TryParse(text, out var selector, out var error));
        Assert.Null(selector);
        Assert.Equal(SelectorErrorKind.Malformed, error.Kind);
        Assert.Equal(GateExitCodes.BadInput, error.ExitCode);
        Assert.Contains(RunSelectorParser.Forms, error.Message, StringComparison.Ordinal);
    }
}

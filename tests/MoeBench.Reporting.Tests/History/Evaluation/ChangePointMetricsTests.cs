namespace MoeBench.Reporting.Tests.History.Evaluation;

/// <summary>The doctest examples of TCPDBench's <c>metrics.py</c>: the port must give the reference's numbers.</summary>
public sealed class ChangePointMetricsTests
{
    [Theory]
    [InlineData(new[] { "10,20", "11,20", "10", "0,5" }, new[] { 10, 20 }, 1.0)]
    [InlineData(new[] { "", "10", "50" }, new[] { 10 }, 0.9090909090909091)]
    [InlineData(new[] { "", "10", "50" }, new int[0], 0.8)]
    public void F1_matches_the_reference_examples(string[] annotators, int[] predictions, double expected) =>
        Assert.Equal(expected, ChangePointMetrics.F1(Parse(annotators), predictions), 12);

    [Theory]
    [InlineData(new[] { "10,20", "10", "0,5" }, new[] { 10, 20 }, 45, 0.7962962962962963)]
    [InlineData(new[] { "", "10", "40" }, new[] { 10 }, 45, 0.7954144620811286)]
    [InlineData(new[] { "", "10", "40" }, new int[0], 45, 0.8189300411522634)]
    public void Cover_matches_the_reference_examples(string[] annotators, int[] predictions, int length, double expected) =>
        Assert.Equal(expected, ChangePointMetrics.Cover(Parse(annotators), predictions, length), 12);

    private static List<IReadOnlyList<int>> Parse(string[] annotators) =>
        [.. annotators.Select(a => (IReadOnlyList<int>)[.. a.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)])];
}

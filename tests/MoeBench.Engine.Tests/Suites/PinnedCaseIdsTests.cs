using MoeBench.Engine.Suites;

namespace MoeBench.Engine.Tests.Suites;

/// <summary>
/// A case id is a database key: every case of every suite in <c>suites/</c> must keep the id (the hash of its
/// canonical JSON, defaults filled) it had when the ids were pinned, whatever the schema code turns into.
/// </summary>
public class PinnedCaseIdsTests
{
    [Fact]
    public void Every_repo_suite_case_keeps_its_pinned_id()
    {
        var root = RepoSuitesTests.RepoRoot();
        // Serving suites name scenarios the engine does not know (RepoSuitesTests.ServingSuites).
        var actual = Directory.GetFiles(Path.Combine(root, "suites"), "*.yaml").Order(StringComparer.Ordinal)
            .Where(file => !RepoSuitesTests.ServingSuites.Contains(Path.GetFileName(file)))
            .SelectMany(file => SuiteLoader.Load(file).Suite!.Cases.Select(c => $"{Path.GetFileName(file)}\t{c.Spec.Id}\t{c.Spec.Label}"))
            .ToList();
        var pinned = File.ReadAllLines(Path.Combine(root, "tests/MoeBench.Engine.Tests/Suites/PinnedCaseIds.tsv"));

        Assert.Equal(pinned, actual);
    }
}

using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Reporting.Tests.Selection;

/// <summary>A real SQLite store in a fresh temp directory, deleted afterwards.</summary>
internal sealed class TempDb : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "moebench-reporting-tests", Guid.NewGuid().ToString("N"));

    public TempDb() => Store = SqliteResultStore.Open(Path.Combine(_directory, "results.db"));

    public SqliteResultStore Store { get; }

    public long AddRun(string branch, string commit, double hours, RunStatus status, IEnumerable<CaseResult>? results = null)
    {
        var context = new RunContext(
            "test", commit, branch, false, "ci", "linux", ".NET 10", "EPYC", 2, "avx2", "quick", "h", T0.AddHours(hours), 1, "",
            new Dictionary<string, string>());
        var id = Store.BeginRun(context);
        foreach (var result in results ?? [])
        {
            Store.AddResult(id, result);
        }

        if (status != RunStatus.Running)
        {
            Store.FinishRun(id, status);
        }

        return id;
    }

    public void Dispose()
    {
        Store.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

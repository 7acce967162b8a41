using MoeBench.Storage;

namespace MoeBench.Reporting.Comparison;

/// <summary>Past measurements of a case on a device, oldest first: where run-to-run noise is learned from.</summary>
public interface IHistoryProvider
{
    IReadOnlyList<HistoryEntry> CaseHistory(string caseId, string deviceKey, string metricId, int limit);
}

/// <summary>History from a result store: its complete runs only.</summary>
public sealed class StoreHistoryProvider(IResultStore store) : IHistoryProvider
{
    public IReadOnlyList<HistoryEntry> CaseHistory(string caseId, string deviceKey, string metricId, int limit) =>
        store.CaseHistory(caseId, deviceKey, metricId, limit);
}

/// <summary>No history: the comparison falls back to its no-history noise floor.</summary>
public sealed class NoHistory : IHistoryProvider
{
    public static NoHistory Instance { get; } = new();

    public IReadOnlyList<HistoryEntry> CaseHistory(string caseId, string deviceKey, string metricId, int limit) => [];
}

using Dapper;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>Read-only queries behind run selectors (<c>branch:</c>, <c>commit:</c>, <c>last:N</c>) and case history.</summary>
public sealed partial class SqliteResultStore
{
    public IReadOnlyList<RunRecord> FindRuns(string? branch, string? commitPrefix, RunStatus? status, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        // Complete and failed are final, so the stored status is what readers see and SQL may apply the limit.
        // A stored 'running' run may read as incomplete (its process is gone): filter those after reading.
        var (status1, status2, exact) = status switch
        {
            null => (null, null, true),
            RunStatus.Running => ("running", "running", false),
            RunStatus.Incomplete => ("incomplete", "running", false),
            { } final => (final.ToName(), final.ToName(), true),
        };
        var parameters = new
        {
            Branch = branch,
            CommitPrefix = commitPrefix,
            Status1 = status1,
            Status2 = status2,
            Limit = exact ? limit : -1,
        };
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = DateTimeOffset.UtcNow;
            var runs = _connection.Query<RunRow>(SqliteSql.FindRuns, parameters).Select(r => r.ToRecord(now));
            return [.. runs.Where(r => status is null || r.Status == status).Take(limit)];
        }
    }

    public IReadOnlyList<HistoryEntry> CaseHistory(string caseId, string deviceIdentity, string metricId, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        ArgumentException.ThrowIfNullOrEmpty(deviceIdentity);
        ArgumentException.ThrowIfNullOrEmpty(metricId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var rows = _connection.Query<HistoryRow>(
                SqliteSql.CaseHistory, new { CaseId = caseId, DeviceKey = deviceIdentity, MetricId = metricId, Limit = limit });

            // SQL picks the newest runs; callers want them in time order.
            return [.. rows.Select(r => r.ToEntry()).Reverse()];
        }
    }
}

using Dapper;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>Writing and reading results.</summary>
public sealed partial class SqliteResultStore
{
    /// <summary>
    /// Case, device, result row, samples and metrics in one transaction of their own, committed before returning: a
    /// crash after this call keeps the result, a crash during it leaves nothing half-written.
    /// </summary>
    public void AddResult(long runId, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var row = ResultRow.From(runId, result, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            if (_connection.ExecuteScalar<long>(SqliteSql.RunExists, new { Id = runId }, transaction) == 0)
            {
                throw new KeyNotFoundException($"run {runId} does not exist in '{Path}'");
            }

            _connection.Execute(SqliteSql.UpsertCase, row, transaction);
            _connection.Execute(SqliteSql.UpsertDevice, row, transaction);
            _connection.Execute(SqliteSql.DeleteEarlierRound, row, transaction);
            var resultId = _connection.ExecuteScalar<long>(SqliteSql.InsertResult, row, transaction);
            if (row.Samples is { } samples)
            {
                _connection.Execute(SqliteSql.InsertSamples, new { ResultId = resultId, Samples = samples, row.RoundSizes, row.SampleBandwidths }, transaction);
            }

            _connection.Execute(SqliteSql.InsertMetric, result.AllMetrics.Select(m => MetricRow.From(resultId, m)), transaction);
            if (result.Serving is { } timeline)
            {
                AddServingTimeline(resultId, timeline, transaction);
            }

            transaction.Commit();
        }
    }

    public IReadOnlyList<StoredResult> GetResults(long runId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var metrics = _connection.Query<MetricRow>(SqliteSql.GetRunMetrics, new { RunId = runId }).ToLookup(m => m.ResultId, m => m.ToValue());
            return [.. _connection.Query<ResultRow>(SqliteSql.GetResults, new { RunId = runId }).Select(r => r.ToStoredResult(metrics[r.Id]))];
        }
    }
}

using Dapper;
using Microsoft.Data.Sqlite;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>A serving result's timeline: written in its result's transaction, read back on request (it can be large).</summary>
public sealed partial class SqliteResultStore
{
    public ServingTimeline? GetServingTimeline(long resultId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var total = _connection.ExecuteScalar<long?>(SqliteSql.GetServingRun, new { ResultId = resultId });
            if (total is not { } blocks)
            {
                return null;
            }

            return new ServingTimeline(
                [.. _connection.Query<ServingRequestRow>(SqliteSql.GetServingRequests, new { ResultId = resultId }).Select(r => r.ToRecord())],
                [.. _connection.Query<ServingStepRow>(SqliteSql.GetServingSteps, new { ResultId = resultId }).Select(s => s.ToRecord())],
                RowValues.ToInt(blocks, "serving_runs.kv_blocks_total"));
        }
    }

    private void AddServingTimeline(long resultId, ServingTimeline timeline, SqliteTransaction transaction)
    {
        _connection.Execute(SqliteSql.InsertServingRun, new { ResultId = resultId, KvBlocksTotal = timeline.KvBlocksTotal }, transaction);
        _connection.Execute(SqliteSql.InsertServingRequest, timeline.Requests.Select(r => ServingRequestRow.From(resultId, r)), transaction);
        _connection.Execute(SqliteSql.InsertServingStep, timeline.Steps.Select(s => ServingStepRow.From(resultId, s)), transaction);
    }
}

using Dapper;
using MoeBench.Core.Calibration;

namespace MoeBench.Storage;

/// <summary>Writing and reading device calibrations.</summary>
public sealed partial class SqliteResultStore
{
    /// <summary>The calibration row and its peaks, memory tiers and links in one transaction.</summary>
    public long SaveCalibration(DeviceCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var row = CalibrationRow.From(calibration);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            var id = _connection.ExecuteScalar<long>(SqliteSql.InsertCalibration, row, transaction);
            _connection.Execute(
                SqliteSql.InsertCalibrationPeak, calibration.Roofs.Peaks.Select(p => CalibrationPeakRow.From(id, p)), transaction);
            _connection.Execute(SqliteSql.InsertCalibrationTier, CalibrationTierRow.From(id, calibration.Roofs.MemoryTiers), transaction);
            _connection.Execute(
                SqliteSql.InsertCalibrationLink, calibration.Roofs.Links.Select(l => CalibrationLinkRow.From(id, l)), transaction);
            transaction.Commit();
            return id;
        }
    }

    public DeviceCalibration? LatestCalibration(string deviceKey)
    {
        ArgumentNullException.ThrowIfNull(deviceKey);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var row = _connection.QuerySingleOrDefault<CalibrationRow>(SqliteSql.LatestCalibration, new { DeviceKey = deviceKey });
            if (row is null)
            {
                return null;
            }

            var id = new { CalibrationId = row.Id };
            return row.ToCalibration(
                _connection.Query<CalibrationPeakRow>(SqliteSql.CalibrationPeaks, id),
                _connection.Query<CalibrationTierRow>(SqliteSql.CalibrationTiers, id),
                _connection.Query<CalibrationLinkRow>(SqliteSql.CalibrationLinks, id));
        }
    }
}

using Dapper;
using MoeBench.Core.Calibration;

namespace MoeBench.Storage;

/// <summary>Writing and reading device calibrations.</summary>
public sealed partial class SqliteResultStore
{
    /// <summary>The calibration row and its peaks in one transaction.</summary>
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
            return row?.ToCalibration(_connection.Query<CalibrationPeakRow>(SqliteSql.CalibrationPeaks, new { CalibrationId = row.Id }));
        }
    }
}

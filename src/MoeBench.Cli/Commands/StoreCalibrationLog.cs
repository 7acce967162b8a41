using MoeBench.Core.Calibration;
using MoeBench.Engine.Calibration;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>The results database as the engine's calibration log: the engine never knows about storage.</summary>
public sealed class StoreCalibrationLog(IResultStore store) : ICalibrationLog
{
    public DeviceCalibration? Latest(string deviceKey) => store.LatestCalibration(deviceKey);

    public long Save(DeviceCalibration calibration) => store.SaveCalibration(calibration);
}

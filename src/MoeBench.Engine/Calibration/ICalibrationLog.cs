using MoeBench.Core.Calibration;

namespace MoeBench.Engine.Calibration;

/// <summary>Where calibrations are kept between runs (the results database, through the CLI).</summary>
public interface ICalibrationLog
{
    /// <summary>The newest calibration of a device identity, or null.</summary>
    DeviceCalibration? Latest(string deviceKey);

    /// <summary>Stores a calibration and returns its id.</summary>
    long Save(DeviceCalibration calibration);
}

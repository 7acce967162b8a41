using MoeBench.Core.Calibration;

namespace MoeBench.Devices;

/// <summary>
/// A device that measures its own roofs (a CPU's FMA loops and memory streams, a GPU's tensor-core loop). A device
/// without it keeps the roofs its <see cref="IDevice.Info"/> carries, e.g. a modeled device's datasheet figures.
/// </summary>
public interface ICalibratable
{
    /// <summary>Measures peaks per dtype and ISA path and sustainable bandwidth; best of several attempts each.</summary>
    DeviceRoofs Calibrate(CalibrationSettings settings, CancellationToken cancellation);
}

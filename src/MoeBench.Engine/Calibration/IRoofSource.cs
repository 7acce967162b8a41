using MoeBench.Core;
using MoeBench.Devices;

namespace MoeBench.Engine.Calibration;

/// <summary>Gives an opened device the roofs a run measures it against.</summary>
public interface IRoofSource
{
    /// <summary>
    /// The device's <see cref="DeviceInfo"/> with its roofs filled in; <paramref name="status"/> hears what is being
    /// done (a calibration takes seconds, and the progress display should say so).
    /// </summary>
    DeviceInfo RoofsFor(IDevice device, Action<string> status, CancellationToken cancellation);
}

/// <summary>The roofs a device opens with: a modeled device's datasheet, or none. Nothing is measured.</summary>
public sealed class OpenedRoofs : IRoofSource
{
    public static OpenedRoofs Instance { get; } = new();

    public DeviceInfo RoofsFor(IDevice device, Action<string> status, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Info;
    }
}

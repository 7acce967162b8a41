namespace MoeBench.Devices.Modeled;

/// <summary>A device described by a hardware profile: the modeled evaluator predicts from <see cref="Profile"/>.</summary>
public interface IProfiledDevice
{
    HardwareProfile Profile { get; }
}

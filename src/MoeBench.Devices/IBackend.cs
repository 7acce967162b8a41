using MoeBench.Core;
using MoeBench.Core.Results;

namespace MoeBench.Devices;

/// <summary>A family of devices (the managed CPU, a BLAS library, a GPU API) and how to find them.</summary>
public interface IBackend
{
    string Name { get; }

    /// <summary>Devices this backend offers here; one it cannot use says why instead of throwing.</summary>
    IReadOnlyList<DeviceEntry> Discover();
}

/// <summary>A discovered device: available to open, or unavailable with the reason.</summary>
/// <param name="Accelerator">The hardware behind a device that is not the host CPU, recorded in each run's context.</param>
/// <param name="Note">How the device was set up, for the device listing (a setting it chose over the environment's, say).</param>
/// <param name="Class">The kind of hardware behind it.</param>
/// <param name="Provenance">How its results come to be: timed on it, or predicted from a profile.</param>
public sealed record DeviceEntry(
    string Id, string Backend, string Description, string? UnavailableReason, Func<IDevice>? Open, AcceleratorInfo? Accelerator = null,
    string? Note = null, DeviceClass Class = DeviceClass.Cpu, Provenance Provenance = Provenance.Measured)
{
    public bool IsAvailable => UnavailableReason is null && Open is not null;
}

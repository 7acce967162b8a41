using MoeBench.Core.Calibration;
using MoeBench.Devices;
using MoeBench.Engine.Hardware;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>calibrate --emit-profile hardware/NAME.yaml</c>: the calibrated device written as a profile, read back to prove it
/// loads as <c>modeled:NAME</c>, its modeled twin.
/// </summary>
internal static class ProfileEmitting
{
    public static void Emit(IDevice device, DeviceCalibration calibration, string path, CancellationToken cancellation)
    {
        Console.Error.WriteLine($"measuring {device.Info.Id}'s fixed cost per kernel call…");
        var launch = ProfileEmission.MeasureLaunchSeconds(device, cancellation);
        var name = Path.GetFileNameWithoutExtension(path);
        var profile = ProfileEmission.Of(name, path, device.Info, calibration.Roofs, launch, calibration.MeasuredUtc);
        var header = $"""
            MoeBench hardware profile: device modeled:{name}, the modeled twin of {device.Info.Id} (format: hardware/README.md).
            Written by `moebench calibrate --emit-profile {path}` from {calibration.Source} on {calibration.Host}.
            Its predictions are compared with {device.Info.Id}'s measurements on the same cases where the identity matches.
            """;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, HardwareProfileWriter.Write(profile, header.TrimEnd()));

        // Read back: a profile the loader would refuse is a bug here, not the user's input.
        var loaded = HardwareProfileLoader.Load(path);
        if (!loaded.Ok)
        {
            throw new InvalidOperationException($"the emitted profile does not load: {string.Join("; ", loaded.Errors)}");
        }

        Console.WriteLine($"wrote {path}: device {loaded.Profiles[0].DeviceId} ({loaded.Profiles[0].RoofSource}), the modeled twin of {device.Info.Id}");
    }
}

using System.Text.RegularExpressions;

namespace MoeBench.Core;

/// <summary>
/// The measured device a modeled one is the twin of: its id and <see cref="DeviceInfo.IdentityKey"/>, so a prediction
/// is compared only with measurements of the very identity whose calibration it was built from (a profile emitted on a
/// Zen 4 machine is no twin of <c>cpu</c> on a Zen 3 one). It travels in the modeled device's
/// <see cref="DeviceInfo.Details"/> (stored with every result) as <see cref="Text"/>; this type alone writes and reads it.
/// </summary>
public sealed partial record TwinOf(string DeviceId, string IdentityKey)
{
    public string Text => $"twin of {DeviceId}@{IdentityKey}";

    /// <summary>The twin a modeled device's details name; null for a measured device or a profile without one.</summary>
    public static TwinOf? Of(DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Kind != Provenance.Modeled)
        {
            return null;
        }

        var match = Pattern().Match(device.Details);
        return match.Success ? new TwinOf(match.Groups[1].Value, match.Groups[2].Value) : null;
    }

    /// <summary>Whether <paramref name="measured"/> is the device this twin models: same id, same identity.</summary>
    public bool Matches(DeviceInfo measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        return measured.Kind == Provenance.Measured && measured.Id == DeviceId && measured.IdentityKey == IdentityKey;
    }

    [GeneratedRegex(@"twin of (\S+)@([0-9a-f]{16})\b")]
    private static partial Regex Pattern();
}

using System.Globalization;

namespace MoeBench.Engine.Calibration;

/// <summary>A calibration's age as people read it: minutes, hours, then days.</summary>
public static class CalibrationAge
{
    public static string Describe(TimeSpan age) => age.TotalMinutes < 1
        ? "<1 min"
        : age.TotalHours < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalMinutes:F0} min")
            : age.TotalDays < 2
                ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:F1} h")
                : string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:F0} d");
}

namespace MoeBench.Devices.Modeled;

/// <summary>
/// One figure of a hardware profile in SI base units (FLOP/s, bytes, bytes/s, seconds, watts) and where it comes from:
/// a datasheet, a paper, a calibration — or an estimate that says it is one. No figure exists without its source.
/// </summary>
public sealed record SourcedFigure(double Value, string Source);

using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices;
using MoeBench.Engine.Calibration;
using MoeBench.Engine.Tests.Measurement;

namespace MoeBench.Engine.Tests.Calibration;

/// <summary>A wall clock that moves only when told.</summary>
internal sealed class FakeWallClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Calibrations in memory, numbered from 1 like the store's.</summary>
internal sealed class MemoryCalibrationLog : ICalibrationLog
{
    public List<DeviceCalibration> Saved { get; } = [];

    public DeviceCalibration? Latest(string deviceKey) =>
        Saved.Where(c => c.DeviceKey == deviceKey).OrderBy(c => c.MeasuredUtc).ThenBy(c => c.Id).LastOrDefault();

    public long Save(DeviceCalibration calibration)
    {
        Saved.Add(calibration with { Id = Saved.Count + 1 });
        return Saved.Count;
    }
}

/// <summary>An idle device that calibrates to fixed roofs (peak differs per call, so a test can tell calibrations apart).</summary>
internal sealed class CalibratableDevice : IDevice, ICalibratable
{
    private readonly IdleDevice _inner = new();

    public int Calibrations { get; private set; }

    public DeviceInfo Info => _inner.Info with { PeakFlopsF32 = double.NaN, BandwidthBytesPerSecond = double.NaN, RoofSource = DeviceInfo.NotCalibrated };

    public IMoeKernels Kernels => _inner.Kernels;

    public DeviceRoofs Calibrate(CalibrationSettings settings, CancellationToken cancellation)
    {
        Calibrations++;
        return new DeviceRoofs(
            2,
            [new PeakRoof(DType.F32, "vector256", 5e10 * Calibrations, 1e11 * Calibrations), new PeakRoof(DType.F32, "vector512", 4e10, 8e10)],
            2e10,
            "fake",
            new Dictionary<string, double> { ["attempts"] = settings.Attempts });
    }

    public bool Supports(OpKind op, DType dtype) => true;

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => _inner.Allocate<T>(length);

    public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged => _inner.Upload(source, destination);

    public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged => _inner.Download(source, destination);

    public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) =>
        _inner.LoadWeights(weights, groups, k, n, dtype);

    public void Synchronize() => _inner.Synchronize();

    public void Dispose() => _inner.Dispose();

    public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups)
    {
        throw new NotImplementedException();
    }
}

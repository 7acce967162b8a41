namespace MoeBench.Devices.Onnx.Tests;

/// <summary>
/// One <c>onnx:cpu</c> device for the tests in <see cref="SharedOnnxDevice"/>. ONNX Runtime's CPU provider ships in
/// the NuGet package the build restores, so a missing device is a broken build: the tests fail with the reason
/// rather than skip.
/// </summary>
public sealed class OnnxFixture : IDisposable
{
    private readonly OnnxDevice? _device;
    private readonly string? _reason;

    public OnnxFixture()
    {
        var entry = new DeviceRegistry([new OnnxBackend()]).Find(OnnxProvider.Cpu.DeviceId);
        if (entry.IsAvailable)
        {
            _device = (OnnxDevice)entry.Open!();
        }
        else
        {
            _reason = entry.UnavailableReason;
        }
    }

    public OnnxDevice Device => _device ?? throw new InvalidOperationException($"onnx:cpu unavailable: {_reason}");

    public void Dispose() => _device?.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedOnnxDevice : ICollectionFixture<OnnxFixture>
{
    public const string Name = "onnx:cpu device";
}

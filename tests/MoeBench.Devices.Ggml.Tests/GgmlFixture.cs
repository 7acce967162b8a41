namespace MoeBench.Devices.Ggml.Tests;

/// <summary>
/// One <see cref="GgmlDevice"/> for the tests in <see cref="SharedGgmlDevice"/>. The native libraries come with the
/// NuGet package the build restores, so a missing device is a broken build or an unsupported host: the tests that
/// need it fail with the reason rather than skip.
/// </summary>
public sealed class GgmlFixture : IDisposable
{
    private readonly GgmlDevice? _device;
    private readonly string? _reason;

    public GgmlFixture()
    {
        var entry = Assert.Single(new GgmlBackend().Discover());
        if (entry.IsAvailable)
        {
            _device = (GgmlDevice)entry.Open!();
        }
        else
        {
            _reason = entry.UnavailableReason;
        }
    }

    public GgmlDevice Device => _device ?? throw new InvalidOperationException($"ggml unavailable: {_reason}");

    public void Dispose() => _device?.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedGgmlDevice : ICollectionFixture<GgmlFixture>
{
    public const string Name = "ggml device";
}

namespace MoeBench.Devices.Blas.Tests;

/// <summary>
/// One <see cref="BlasDevice"/> for the tests in <see cref="SharedBlasDevice"/>. Where OpenBLAS is missing the tests that need it fail with the install command — CI
/// installs it, so a silent skip would hide a broken lane — unless MOEBENCH_SKIP_BLAS=1 asks to skip them.
/// </summary>
public sealed class OpenBlasFixture : IDisposable
{
    public const string SkipVariable = "MOEBENCH_SKIP_BLAS";

    private readonly BlasDevice? _device;
    private readonly string? _reason;
    private readonly bool _skipWhenMissing;

    public OpenBlasFixture()
        : this(new BlasBackend(), Environment.GetEnvironmentVariable(SkipVariable) == "1")
    {
    }

    /// <summary>For the tests of the skip rule itself: a backend whose library is missing, and the skip flag.</summary>
    internal OpenBlasFixture(BlasBackend backend, bool skipWhenMissing)
    {
        _skipWhenMissing = skipWhenMissing;

        // Tests keep the environment's own kernel set (the machines here pin Haswell, which runs on every CPU of the
        // fleet), so a test run is the same wherever it runs; the device's own choice is tested with fakes
        // (OpenBlasCoreTypeTests) and once for real (BlasCoreSwitchTests).
        var environment = Environment.GetEnvironmentVariable(OpenBlasCoreType.Variable);
        var entry = string.IsNullOrEmpty(environment) ? Assert.Single(backend.Discover()) : backend.Pin(environment);
        DeviceId = entry.Id;
        if (entry.IsAvailable)
        {
            _device = (BlasDevice)entry.Open!();
        }
        else
        {
            _reason = entry.UnavailableReason;
        }
    }

    /// <summary>The id the tests' device answers to: <c>cpu-blas</c>, or <c>cpu-blas:Core</c> pinned by the environment.</summary>
    public string DeviceId { get; }

    /// <summary>The device, or null when it is missing and skipping was asked for (the skip is printed).</summary>
    public BlasDevice? Require(ITestOutputHelper output)
    {
        if (_device is not null)
        {
            return _device;
        }

        if (_skipWhenMissing)
        {
            output.WriteLine($"SKIPPED: cpu-blas unavailable ({_reason}); {SkipVariable}=1");
            return null;
        }

        var hint = _reason == OpenBlasLibrary.NotFound
            ? "Install it (as root: apt-get install libopenblas0-pthread; ./run-tests.sh does this), or set"
            : "Set";
        Assert.Fail($"cpu-blas unavailable: {_reason}. {hint} {SkipVariable}=1 to skip the OpenBLAS tests.");
        return null;
    }

    public void Dispose() => _device?.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedBlasDevice : ICollectionFixture<OpenBlasFixture>
{
    public const string Name = "cpu-blas device";
}

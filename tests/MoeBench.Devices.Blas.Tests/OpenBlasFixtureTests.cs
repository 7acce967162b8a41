using Xunit.Sdk;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>The rule for a machine without OpenBLAS: fail with the install command, or skip out loud when asked.</summary>
public sealed class OpenBlasFixtureTests(ITestOutputHelper output)
{
    private static BlasBackend Missing() => new(["libopenblas-moebench-missing.so.0"]);

    [Fact]
    public void Without_the_library_a_test_fails_with_the_install_command()
    {
        using var fixture = new OpenBlasFixture(Missing(), skipWhenMissing: false);

        var e = Assert.ThrowsAny<XunitException>(() => fixture.Require(output));

        Assert.Contains("apt-get install libopenblas0-pthread", e.Message, StringComparison.Ordinal);
        Assert.Contains(OpenBlasFixture.SkipVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_library_and_with_the_skip_flag_a_test_returns_without_a_device()
    {
        var recorder = new RecordingOutput();
        using var fixture = new OpenBlasFixture(Missing(), skipWhenMissing: true);

        Assert.Null(fixture.Require(recorder));
        Assert.StartsWith("SKIPPED: cpu-blas unavailable (OpenBLAS not found", Assert.Single(recorder.Lines), StringComparison.Ordinal);
    }

    private sealed class RecordingOutput : ITestOutputHelper
    {
        public List<string> Lines { get; } = [];

        public void WriteLine(string message) => Lines.Add(message);

        public void WriteLine(string format, params object[] args) => Lines.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}

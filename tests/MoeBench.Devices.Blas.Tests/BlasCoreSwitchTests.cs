using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>
/// The real library: the device chosen for this CPU and one pinned to another kernel set, used in turn in one process
/// (as one run measures both), each computing with its own kernels, correctly.
/// </summary>
[Collection(SharedBlasDevice.Name)]
public sealed class BlasCoreSwitchTests(OpenBlasFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Chosen_and_pinned_devices_alternate_in_one_process_each_on_its_own_kernels()
    {
        if (fixture.Require(output) is null)
        {
            return;
        }

        var backend = new BlasBackend();
        var chosenEntry = Assert.Single(backend.Discover());
        Assert.True(chosenEntry.IsAvailable, chosenEntry.UnavailableReason);
        using var chosen = (BlasDevice)chosenEntry.Open!();
        var core = chosen.Info.Details.Split(", core ")[1].Split(' ')[0];
        var other = OpenBlasCoreType.Ladder.Select(c => c.Name).FirstOrDefault(name => name != core && backend.Pin(name).IsAvailable);
        if (other is null)
        {
            output.WriteLine($"SKIPPED: this OpenBLAS runs only {core} here; nothing to switch to");
            return;
        }

        using var pinned = (BlasDevice)backend.Pin(other).Open!();
        output.WriteLine($"{chosen.Info.Details} / {pinned.Info.Details}");
        Assert.Equal($"cpu-blas:{other}", pinned.Info.Id);

        foreach (var (device, expectedCore) in new[] { (chosen, core), (pinned, other), (chosen, core) })
        {
            Assert.Equal(expectedCore, MultiplyAndReportCore(device), ignoreCase: true);
        }
    }

    [Fact]
    public void Pinning_a_name_OpenBLAS_does_not_know_is_unavailable_with_the_known_names()
    {
        if (fixture.Require(output) is null)
        {
            return;
        }

        var entry = new BlasBackend().Pin("Skylake");

        Assert.False(entry.IsAvailable);
        Assert.Equal("cpu-blas:Skylake", entry.Id);
        Assert.Contains("known: SkylakeX, Haswell", entry.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_listing_note_says_what_the_environment_held_and_how_to_pin_another_set()
    {
        if (fixture.Require(output) is null)
        {
            return;
        }

        var entry = Assert.Single(new BlasBackend().Discover());
        output.WriteLine(entry.Note);

        var inherited = Environment.GetEnvironmentVariable(OpenBlasCoreType.Variable);
        Assert.StartsWith(string.IsNullOrEmpty(inherited) ? "OPENBLAS_CORETYPE unset" : $"OPENBLAS_CORETYPE={inherited} inherited", entry.Note, StringComparison.Ordinal);
        Assert.Contains("; pin another with cpu-blas:<core> (", entry.Note, StringComparison.Ordinal);
    }

    /// <summary>One GEMM with a tail in every dimension, checked against float64; returns the kernel set that ran it.</summary>
    private static string MultiplyAndReportCore(BlasDevice device)
    {
        const int m = 67, k = 131, n = 97;
        var random = SeededInputs.For(11, "cpu-blas core switch");
        var a = SeededInputs.Normal(random, m * k);
        var b = SeededInputs.Normal(random, k * n);
        var expected = ReferenceOps.Gemm(Widen.ToDouble(a), Widen.ToDouble(b), m, n, k, default);

        using var t = new DeviceTensors(device);
        var c = t.Allocate<float>(m * n);
        t.Kernels.Gemm(t.Upload(a), t.Weights(b, 1, k, n), c, m, accumulate: false);

        TensorAssert.Close(t.Read(c), expected, $"{device.Info.Id}: m={m} k={k} n={n}");
        return device.Library.ActiveCore;
    }
}

namespace MoeBench.Core.Tests;

/// <summary>A modeled device names the measured device it twins in its details; only that id and identity match it.</summary>
public sealed class TwinOfTests
{
    private static readonly DeviceInfo Cpu = new("cpu", "cpu", "AMD", "EPYC", 2, ["avx2"], 1L << 30, 1e11, 1e10, "calibration #1", Provenance.Measured);

    private static DeviceInfo Modeled(string details) =>
        new("modeled:this-cpu", "modeled", "AMD", "EPYC", 0, [], 0, 1e11, 1e10, "profile", Provenance.Modeled, details);

    [Fact]
    public void The_twin_reads_back_from_the_details_it_wrote()
    {
        var twin = new TwinOf("cpu", Cpu.IdentityKey);

        var read = TwinOf.Of(Modeled($"cpu profile: predicted, never run; {twin.Text}"));

        Assert.Equal(twin, read);
        Assert.True(read!.Matches(Cpu));
    }

    [Fact]
    public void Another_identity_a_measured_device_or_no_twin_does_not_match()
    {
        var twin = new TwinOf("cpu", Cpu.IdentityKey);

        Assert.False(twin.Matches(Cpu with { Model = "EPYC Zen 3" }));
        Assert.False(twin.Matches(Cpu with { Kind = Provenance.Modeled }));
        Assert.Null(TwinOf.Of(Cpu with { Details = twin.Text }));
        Assert.Null(TwinOf.Of(Modeled("gpu profile: predicted, never run")));
    }
}

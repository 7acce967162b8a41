using MoeBench.Core.Results;

namespace MoeBench.Core.Tests.Results;

public sealed class LayerProfileTests
{
    [Fact]
    public void Scaling_to_a_new_total_keeps_each_phases_share()
    {
        var profile = new LayerProfile([new PhaseTime("gate", 100, false), new PhaseTime("experts_up", 300, true)]);

        var scaled = profile.ScaledTo(800);

        Assert.Equal(800, scaled.TotalNs, 1e-9);
        Assert.Equal([200.0, 600.0], scaled.Phases.Select(p => p.MedianNs));
        Assert.Equal(profile.NonGemmShare, scaled.NonGemmShare, 1e-12);
    }
}

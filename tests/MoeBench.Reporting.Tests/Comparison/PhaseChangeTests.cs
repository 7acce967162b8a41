using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Tests.Comparison;

/// <summary>Where a layer case's change sits: its phases on both sides, the few that carry it named.</summary>
public sealed class PhaseChangeTests
{
    private static LayerProfile Profile(params (string Name, double Ns, bool Gemm)[] phases) =>
        new([.. phases.Select(p => new PhaseTime(p.Name, p.Ns, p.Gemm))]);

    [Fact]
    public void Kernel_cases_without_profiles_have_no_phases_and_name_none()
    {
        Assert.Empty(PhaseChange.Between(null, Profile(("gate", 1, false))));
        Assert.Empty(PhaseChange.Between(Profile(("gate", 1, false)), null));
        Assert.Equal("", PhaseChange.Leading([]));
    }

    [Fact]
    public void Phases_of_both_sides_come_largest_change_first_and_a_phase_on_one_side_only_is_left_out()
    {
        var before = Profile(("norm", 10, false), ("experts_up", 100, true), ("swiglu", 20, false));
        var after = Profile(("norm", 9, false), ("experts_up", 125, true), ("swiglu", 30, false), ("shared_up", 40, true));

        var phases = PhaseChange.Between(before, after);

        Assert.Equal(["experts_up", "swiglu", "norm"], phases.Select(p => p.Phase));
        Assert.Equal(1.25, phases[0].Ratio, 12);
        Assert.True(phases[0].IsGemm);
    }

    [Fact]
    public void The_leading_phases_explain_most_of_the_change_and_a_small_one_is_not_named()
    {
        var phases = PhaseChange.Between(
            Profile(("experts_up", 100, true), ("experts_down", 50, true), ("gate", 10, false)),
            Profile(("experts_up", 110, true), ("experts_down", 50, true), ("gate", 10.5, false)));

        // experts_up carries 10 of 10.5 ns (95%).
        Assert.Equal("experts_up (GEMM) +10%", PhaseChange.Leading(phases));
    }

    [Fact]
    public void A_change_spread_over_many_phases_names_at_most_three()
    {
        var phases = PhaseChange.Between(
            Profile(("a", 10, false), ("b", 10, false), ("c", 10, false), ("d", 10, false), ("e", 10, false)),
            Profile(("a", 12, false), ("b", 12, false), ("c", 12, false), ("d", 12, false), ("e", 12, false)));

        Assert.Equal("a +20%, b +20%, c +20%", PhaseChange.Leading(phases));
    }

    [Fact]
    public void Nothing_changed_names_nothing()
    {
        var same = Profile(("experts_up", 100, true));

        Assert.Equal("", PhaseChange.Leading(PhaseChange.Between(same, same)));
    }
}

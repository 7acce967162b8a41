using MoeBench.Engine.Running;

namespace MoeBench.Engine.Tests.Running;

public sealed class CpuContentionMonitorTests
{
    [Fact]
    public void Others_share_is_the_machines_busy_time_less_this_process_over_all_time()
    {
        // Each step: the machine is busy 150 of 200 ticks, 100 of them ours, so others took 50 / 200 = 25%.
        var (busy, total, self) = (0L, 0L, 0L);
        using var monitor = new CpuContentionMonitor(false, () => (busy, total), () => self, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
        {
            (busy, total, self) = (busy + 150, total + 200, self + 100);
            monitor.Sample();
        }

        var observed = monitor.Observed();

        Assert.Equal(0.25, observed.OthersCpuMean, 6);
        Assert.Equal(0.25, observed.OthersCpuPeak, 6);
        Assert.Equal(4, observed.Samples);
        Assert.True(observed.Contended);
    }

    [Fact]
    public void A_machine_used_only_by_this_process_is_quiet_and_a_run_beside_another_is_contended_regardless()
    {
        var (busy, total, self) = (0L, 0L, 0L);
        using var quiet = new CpuContentionMonitor(false, () => (busy, total), () => self, TimeSpan.Zero);
        using var beside = new CpuContentionMonitor(true, () => (busy, total), () => self, TimeSpan.Zero);
        (busy, total, self) = (180, 200, 185);
        quiet.Sample();
        beside.Sample();

        Assert.Equal(0, quiet.Observed().OthersCpuMean);
        Assert.False(quiet.Observed().Contended);
        Assert.True(beside.Observed().Contended);
    }

    [Fact]
    public void Time_spent_waiting_for_a_turn_is_left_out_even_when_the_timer_samples_during_it()
    {
        // Our own turns keep the machine ours (busy = self); while we wait, the other runs of the group use all of it.
        var (busy, total, self) = (0L, 0L, 0L);
        using var monitor = new CpuContentionMonitor(false, () => (busy, total), () => self, TimeSpan.Zero);
        (busy, total, self) = (100, 200, 100);
        monitor.Sample();

        monitor.Excluding(() =>
        {
            (busy, total) = (busy + 200, total + 200);
            monitor.Sample();
            (busy, total) = (busy + 200, total + 200);
        });
        (busy, total, self) = (busy + 100, total + 200, self + 100);

        var observed = monitor.Observed();
        Assert.Equal(0, observed.OthersCpuMean);
        Assert.Equal(2, observed.Samples);
        Assert.False(observed.Contended);
    }

    [Fact]
    public void Without_cpu_accounting_nothing_is_sampled()
    {
        using var monitor = new CpuContentionMonitor(false, () => null, () => null, TimeSpan.Zero);
        monitor.Sample();

        Assert.Equal(0, monitor.Observed().Samples);
    }

    [Fact]
    public void Proc_files_are_parsed_with_steal_as_busy_and_a_command_name_with_spaces()
    {
        var machine = CpuContentionMonitor.ParseMachine("cpu  100 5 20 800 10 1 2 12 0 0");
        var self = CpuContentionMonitor.ParseSelf("4242 (dotnet host) S 1 4242 4242 0 -1 4194304 100 0 0 0 37 5 0 0 20 0 8 0");

        Assert.Equal((140L, 950L), machine);
        Assert.Equal(42L, self);
    }
}

using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

public sealed class RunLivenessTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RunStatus.Complete)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Incomplete)]
    public void A_finished_run_keeps_its_status_whatever_its_process(RunStatus status) =>
        Assert.Equal(status, RunLiveness.Effective(status, RunLiveness.CurrentHost, -1, null, Now.AddDays(-9), Now));

    [Fact]
    public void This_process_is_alive_with_or_without_a_recorded_start_time()
    {
        var started = RunLiveness.CurrentProcessStartedUtc();
        Assert.NotNull(started);
        Assert.True(RunLiveness.IsAlive(Environment.ProcessId, started));
        Assert.True(RunLiveness.IsAlive(Environment.ProcessId, null));
        Assert.False(RunLiveness.IsAlive(Environment.ProcessId, started.Value.AddMinutes(-3)));
        Assert.False(RunLiveness.IsAlive(0, null));
        Assert.False(RunLiveness.IsAlive(int.MaxValue - 1, null));
    }

    [Fact]
    public void A_foreign_host_run_is_presumed_dead_only_past_the_timeout()
    {
        var limit = RunLiveness.ForeignHostTimeout;
        Assert.Equal(TimeSpan.FromHours(24), limit);
        Assert.Equal(
            RunStatus.Running,
            RunLiveness.Effective(RunStatus.Running, "elsewhere-" + Guid.NewGuid(), 1, null, Now - limit, Now));
        Assert.Equal(
            RunStatus.Incomplete,
            RunLiveness.Effective(RunStatus.Running, "elsewhere-" + Guid.NewGuid(), 1, null, Now - limit - TimeSpan.FromSeconds(1), Now));
    }
}

using MoeBench.Engine.Running;

namespace MoeBench.Engine.Tests.Running;

public sealed class MachineRunLockTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "moebench-lock-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_lock_is_held_by_one_taker_at_a_time_and_names_its_holder()
    {
        using (var first = MachineRunLock.TryTake(_directory, "run A"))
        {
            Assert.NotNull(first);
            Assert.Null(MachineRunLock.TryTake(_directory, "run B"));
            Assert.StartsWith("run A (pid ", MachineRunLock.DescribeHolder(_directory), StringComparison.Ordinal);
        }

        using var second = MachineRunLock.TryTake(_directory, "run B");
        Assert.NotNull(second);
    }

    [Fact]
    public void A_waiter_is_told_once_who_holds_the_machine_and_a_cancelled_wait_throws()
    {
        using var held = MachineRunLock.TryTake(_directory, "run A");
        var told = new List<string>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1200));

        Assert.Throws<OperationCanceledException>(() => MachineRunLock.Take(_directory, "run B", told.Add, cancel.Token));

        Assert.StartsWith("run A", Assert.Single(told), StringComparison.Ordinal);
    }
}

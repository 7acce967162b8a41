using MoeBench.Devices.Timing;

namespace MoeBench.Devices.Conformance;

/// <summary>Identity fields and discovery: what a result stores about the device, and how the backend lists it.</summary>
public abstract partial class DeviceConformanceTests
{
    [Fact]
    public void Identity_fields_are_filled_and_name_the_backend_that_lists_the_device()
    {
        if (Device is not { } device)
        {
            return;
        }

        var info = device.Info;
        Assert.Equal(DeviceId, info.Id);
        Assert.Equal(Backend.Name, info.Backend);
        Assert.False(string.IsNullOrWhiteSpace(info.Vendor), "Vendor is empty");
        Assert.False(string.IsNullOrWhiteSpace(info.Model), "Model is empty");
        Assert.Matches("^[0-9a-f]{16}$", info.IdentityKey);
    }

    [Fact]
    public void The_identity_key_is_the_same_each_time_the_device_is_opened()
    {
        if (Device is null)
        {
            return;
        }

        // Through the registry, as a run finds it: a pinned id (backend:setting) is not among the discovered entries.
        var entry = new DeviceRegistry([Backend]).Find(DeviceId);
        Assert.True(entry.IsAvailable, $"{DeviceId} is open in the fixture but listed unavailable: {entry.UnavailableReason}");
        using var first = entry.Open!();
        using var second = entry.Open!();

        Assert.Equal(first.Info.IdentityKey, second.Info.IdentityKey);
        Assert.Equal(Device.Info.IdentityKey, first.Info.IdentityKey);
    }

    [Fact]
    public void The_timer_the_engine_uses_is_the_one_the_device_names_and_it_times_the_work_once()
    {
        if (Device is not { } device)
        {
            return;
        }

        var timer = DeviceTimers.For(device, TimeProvider.System);
        var runs = 0;

        var elapsed = timer.Time(() => runs++);

        Assert.Equal(device.Info.Timer, timer.Name);
        Assert.Equal(1, runs);
        Assert.True(elapsed >= TimeSpan.Zero, $"{timer.Name} timed a span as {elapsed}");
    }

    [Fact]
    public void An_unavailable_device_is_listed_by_its_backend_with_a_reason_and_hides_no_other()
    {
        if (UnavailableBackend(out var why) is not { } backend)
        {
            Skip($"the backend cannot be made unavailable here: {why}");
            return;
        }

        var entry = new DeviceRegistry([backend]).Find(DeviceId);
        Assert.Equal(DeviceId, entry.Id);
        Assert.Equal(backend.Name, entry.Backend);
        Assert.False(entry.IsAvailable);
        Assert.Null(entry.Open);
        Assert.False(string.IsNullOrWhiteSpace(entry.UnavailableReason), "unavailable without a reason");

        var listed = new DeviceRegistry([backend, new StubBackend()]).Discover();
        Assert.Contains(listed, e => e.Id == StubBackend.Id && e.IsAvailable);
    }

    /// <summary>A backend beside the unavailable one, which must still be listed.</summary>
    private sealed class StubBackend : IBackend
    {
        public const string Id = "conformance-stub";

        public string Name => Id;

        public IReadOnlyList<DeviceEntry> Discover() => [new DeviceEntry(Id, Id, "a listed neighbour", null, () => throw new NotSupportedException())];
    }
}

namespace MoeBench.Devices.Tests;

/// <summary>How the registry resolves device ids: discovered ids as they are, <c>backend:setting</c> through the backend.</summary>
public sealed class DeviceRegistryTests
{
    [Fact]
    public void A_discovered_id_is_found_as_it_is()
    {
        var registry = new DeviceRegistry([new PinningBackend()]);

        Assert.Equal("lib", registry.Find("lib").Id);
    }

    [Fact]
    public void A_suffixed_id_is_pinned_by_the_backend_named_before_the_colon()
    {
        var backend = new PinningBackend();
        var registry = new DeviceRegistry([backend]);

        var entry = registry.Find("lib:Haswell:extra");

        Assert.Equal("lib:Haswell:extra", entry.Id);
        Assert.Equal(["Haswell:extra"], backend.Pinned);
    }

    [Theory]
    [InlineData("other:Haswell")]
    [InlineData("lib:")]
    [InlineData(":Haswell")]
    [InlineData("nothing")]
    public void An_id_no_backend_answers_to_is_not_found(string id)
    {
        var backend = new PinningBackend();
        var registry = new DeviceRegistry([backend, new PlainBackend()]);

        Assert.Null(registry.Find(id, registry.Discover()));
        Assert.Empty(backend.Pinned);
    }

    [Fact]
    public void A_backend_that_cannot_pin_is_not_asked()
    {
        var registry = new DeviceRegistry([new PlainBackend()]);

        Assert.Throws<KeyNotFoundException>(() => registry.Find("other:x"));
    }

    private sealed class PinningBackend : IPinnableBackend
    {
        public List<string> Pinned { get; } = [];

        public string Name => "lib";

        public IReadOnlyList<DeviceEntry> Discover() => [new("lib", Name, "chosen", "fake", null)];

        public DeviceEntry Pin(string setting)
        {
            Pinned.Add(setting);
            return new($"lib:{setting}", Name, "pinned", "fake", null);
        }
    }

    private sealed class PlainBackend : IBackend
    {
        public string Name => "other";

        public IReadOnlyList<DeviceEntry> Discover() => [new("other", Name, "plain", "fake", null)];
    }
}

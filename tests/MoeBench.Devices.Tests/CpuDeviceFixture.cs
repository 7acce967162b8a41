using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Tests;

/// <summary>
/// One <see cref="CpuDevice"/> for every test in <see cref="SharedCpuDevice"/>: opening it measures the roofs
/// (about half a second), and its kernels keep scratch buffers, so the tests that share it run one at a time.
/// </summary>
public sealed class CpuDeviceFixture : IDisposable
{
    public CpuDevice Device { get; } = new();

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedCpuDevice : ICollectionFixture<CpuDeviceFixture>
{
    public const string Name = "cpu device";
}

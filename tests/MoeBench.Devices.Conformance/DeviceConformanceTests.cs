using MoeBench.Core;
using MoeBench.Core.Ops;

namespace MoeBench.Devices.Conformance;

/// <summary>
/// What every device must satisfy, whatever its backend: each op it supports matches the float64 reference on odd
/// sizes, empty and ragged expert groups and the quantized formats; its identity is complete and stable; what
/// <see cref="IDevice.Supports"/> says is what runs; and its backend lists it unavailable with a reason instead of
/// throwing. A backend's test project subclasses this once (ILGPU's <c>ILGPU.Tests</c> + <c>ILGPU.Tests.Cuda</c>
/// pattern). An op the device does not support is skipped with a printed <c>SKIPPED:</c> line — after checking that
/// calling it throws <see cref="NotSupportedException"/> — never silently.
/// </summary>
public abstract partial class DeviceConformanceTests(ITestOutputHelper output)
{
    protected ITestOutputHelper Output => output;

    /// <summary>The backend under test, as the registry would find it.</summary>
    protected abstract IBackend Backend { get; }

    /// <summary>The id the backend lists the device under.</summary>
    protected abstract string DeviceId { get; }

    /// <summary>
    /// The device under test, shared by the subclass's fixture; null where it is absent here and the subclass was asked
    /// to skip (it has printed why).
    /// </summary>
    protected abstract IDevice? Device { get; }

    /// <summary>
    /// The same backend configured so that it cannot offer its device (a missing library, a bad setting), to check it
    /// lists the device unavailable with a reason; null with <paramref name="reason"/> where the backend has no such state.
    /// </summary>
    protected abstract IBackend? UnavailableBackend(out string reason);

    /// <summary>Prints a skip the test log keeps; xunit 2 has no dynamic skip, so the reason is written, never lost.</summary>
    protected void Skip(string reason) => output.WriteLine($"SKIPPED: {DeviceId}: {reason}");

    /// <summary>
    /// Runs <paramref name="call"/> where the device supports <paramref name="op"/> in <paramref name="dtype"/> and
    /// returns false; otherwise checks that the call is refused with <see cref="NotSupportedException"/>, prints the
    /// skip and returns true, so a device can neither claim an op it cannot run nor run one it disclaims.
    /// </summary>
    protected bool Unsupported(IDevice device, OpKind op, DType dtype, Action call)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(call);
        if (device.Supports(op, dtype))
        {
            call();
            return false;
        }

        var refused = Assert.Throws<NotSupportedException>(call);
        Skip($"{op.ToName()} in {dtype.ToName()} is not supported (refused: {refused.Message})");
        return true;
    }
}

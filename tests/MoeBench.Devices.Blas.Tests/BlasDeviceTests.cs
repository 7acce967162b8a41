using MoeBench.Core;
using MoeBench.Core.Ops;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>What the live device says about itself and which ops it takes.</summary>
[Collection(SharedBlasDevice.Name)]
public sealed class BlasDeviceTests(OpenBlasFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Info_describes_a_measured_host_cpu_named_cpu_blas_awaiting_calibration()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        var info = device.Info;
        output.WriteLine(info.Details);

        Assert.StartsWith("cpu-blas", info.Id, StringComparison.Ordinal);
        Assert.Equal("cpu-blas", info.Backend);
        Assert.Equal(Provenance.Measured, info.Kind);
        Assert.False(info.HasRoofs);
        Assert.Equal(DeviceInfo.NotCalibrated, info.RoofSource);
        Assert.Matches(@"^OpenBLAS \d+\.\d+\.\d+, core \S+ \((chosen for this CPU|pinned by the device id)\), \d+ threads$", info.Details);
    }

    [Fact]
    public void Calibrates_to_the_host_cpus_roofs_with_the_cpu_measurement_code()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        var roofs = device.Calibrate(new CalibrationSettings(2, TimeSpan.FromMilliseconds(20), 4), CancellationToken.None);
        output.WriteLine($"{roofs.PeakFlops(DType.F32) / 1e9:F1} GFLOP/s, {roofs.BandwidthBytesPerSecond / 1e9:F1} GB/s");

        Assert.StartsWith("fp32 FMA loop per vector path", roofs.Method, StringComparison.Ordinal);
        Assert.True(double.IsFinite(roofs.PeakFlops(DType.F32)) && roofs.PeakFlops(DType.F32) > 0);
        Assert.True(double.IsFinite(roofs.BandwidthBytesPerSecond) && roofs.BandwidthBytesPerSecond > 0);
    }

    [Fact]
    public void Tests_run_the_kernel_set_the_environment_pins()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        var pinned = Environment.GetEnvironmentVariable(OpenBlasCoreType.Variable);
        output.WriteLine($"{OpenBlasCoreType.Variable}={pinned}: {device.Info.Id}, {device.Info.Details}");
        if (string.IsNullOrEmpty(pinned))
        {
            Assert.Equal("cpu-blas", device.Info.Id);
            return;
        }

        Assert.Equal($"cpu-blas:{OpenBlasCoreType.Canonical(pinned)}", device.Info.Id);
        Assert.Contains($", core {OpenBlasCoreType.Canonical(pinned)} (pinned by the device id),", device.Info.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OpKind.Gemm)]
    [InlineData(OpKind.GroupedGemm)]
    public void Supports_the_gemm_ops_in_fp32(OpKind op)
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        Assert.True(device.Supports(op, DType.F32));
    }

    [Theory]
    [InlineData(OpKind.Gate)]
    [InlineData(OpKind.Permute)]
    [InlineData(OpKind.Unpermute)]
    [InlineData(OpKind.Swiglu)]
    [InlineData(OpKind.RmsNorm)]
    public void Does_not_support_the_routing_and_elementwise_ops(OpKind op)
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        Assert.False(device.Supports(op, DType.F32));
    }

    [Fact]
    public void An_unsupported_op_throws_naming_the_op()
    {
        if (fixture.Require(output) is not { } device)
        {
            return;
        }

        using var buffer = device.Allocate<float>(4);
        var e = Assert.Throws<NotSupportedException>(() => device.Kernels.RmsNorm(buffer, buffer, 1, 4, 1e-6f, buffer));

        Assert.Contains("rmsnorm", e.Message, StringComparison.Ordinal);
    }
}

using System.Runtime.Intrinsics.X86;
using MoeBench.Core;
using MoeBench.Core.Ops;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Tests.Cpu;

[Collection(SharedCpuDevice.Name)]
public sealed class CpuDeviceTests(CpuDeviceFixture fixture)
{
    private readonly CpuDevice _device = fixture.Device;

    [Fact]
    public void Info_describes_a_measured_cpu_whose_roofs_await_calibration()
    {
        var info = _device.Info;

        Assert.Equal("cpu", info.Id);
        Assert.Equal(CpuDevice.DeviceId, info.Id);
        Assert.Equal(Provenance.Measured, info.Kind);
        Assert.False(info.HasRoofs);
        Assert.Equal(DeviceInfo.NotCalibrated, info.RoofSource);
        Assert.Equal(Environment.ProcessorCount, info.Cores);
        Assert.False(string.IsNullOrWhiteSpace(info.Model));
        Assert.Equal(16, info.IdentityKey.Length);
    }

    [Fact]
    public void Info_lists_the_vector_isa_the_jit_can_use()
    {
        if (Avx2.IsSupported)
        {
            Assert.NotEmpty(_device.Info.Isa);
            Assert.Contains("avx2", _device.Info.Isa);
        }

        Assert.Equal(Fma.IsSupported, _device.Info.Isa.Contains("fma"));
        Assert.Equal(Avx512F.IsSupported, _device.Info.Isa.Contains("avx512f"));
    }

    [Fact]
    public void Identity_is_the_same_for_every_device_opened_in_a_process()
    {
        using var second = new CpuDevice();

        Assert.Equal(_device.Info, second.Info);
    }

    [Theory]
    [InlineData(OpKind.Gemm)]
    [InlineData(OpKind.GroupedGemm)]
    [InlineData(OpKind.Gate)]
    [InlineData(OpKind.Permute)]
    [InlineData(OpKind.Unpermute)]
    [InlineData(OpKind.Swiglu)]
    [InlineData(OpKind.RmsNorm)]
    public void Supports_every_op_in_fp32(OpKind op)
    {
        Assert.True(_device.Supports(op, DType.F32));
    }

    [Fact]
    public void Buffers_start_zeroed_and_round_trip()
    {
        using var buffer = _device.Allocate<float>(6 * 16 + 7);
        var back = new float[buffer.Length];

        _device.Download(buffer, back);
        Assert.All(back, v => Assert.Equal(0f, v));

        var values = Enumerable.Range(1, buffer.Length).Select(i => i * 0.5f).ToArray();
        _device.Upload<float>(values, buffer);
        _device.Download(buffer, back);
        Assert.Equal(values, back);
    }

    [Fact]
    public void Buffers_from_another_device_are_rejected()
    {
        using var foreign = new ForeignBuffer<float>(8);
        using var own = _device.Allocate<float>(8);

        Assert.Throws<ArgumentException>(() => _device.Upload<float>(new float[8], foreign));
        Assert.Throws<ArgumentException>(() => _device.Download(foreign, new float[8]));
        Assert.Throws<ArgumentException>(() => _device.Kernels.RmsNorm(foreign, own, 1, 8, 1e-6f, own));
        Assert.Throws<ArgumentException>(() => _device.Kernels.Swiglu(own, 1, null, 4, foreign));
    }

    [Fact]
    public void Weights_from_another_device_are_rejected()
    {
        using var a = _device.Allocate<float>(4);
        using var c = _device.Allocate<float>(4);

        Assert.Throws<ArgumentException>(() => _device.Kernels.Gemm(a, new ForeignWeights(), c, 1, accumulate: false));
    }

    [Fact]
    public void Upload_longer_than_the_buffer_is_rejected()
    {
        using var buffer = _device.Allocate<float>(4);

        Assert.Throws<ArgumentException>(() => _device.Upload<float>(new float[5], buffer));
    }

    private sealed class ForeignBuffer<T>(int length) : DeviceBuffer<T>(length)
        where T : unmanaged
    {
        protected override void Dispose(bool disposing)
        {
        }
    }

    private sealed class ForeignWeights : IDeviceWeights
    {
        public int Groups => 1;

        public int K => 2;

        public int N => 2;

        public DType DType => DType.F32;

        public long Bytes => 16;

        public void Dispose()
        {
        }
    }
}

using MoeBench.Core.Attention;
using MoeBench.Devices.Cpu.Kernels;
using MoeBench.Devices.Cpu.Ops;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Cpu;

/// <summary>The decoder's ops beside the MoE block's: paged attention and the residual / LM-head glue.</summary>
internal sealed unsafe partial class CpuKernels : IDecoderKernels
{
    public void PagedAttention(
        DeviceBuffer<float> qkv, DeviceBuffer<int> sequences, int sequenceCount, DeviceBuffer<int> blockTable, DeviceBuffer<float> rope,
        DeviceBuffer<float> keyCache, DeviceBuffer<float> valueCache, AttentionShape shape, DeviceBuffer<float> output) =>
        CpuAttention.Run(Host(qkv), Host(sequences), sequenceCount, Host(blockTable), Host(rope), Host(keyCache), Host(valueCache), shape, Host(output));

    public void Add(DeviceBuffer<float> a, DeviceBuffer<float> b, int length, DeviceBuffer<float> sum) =>
        VectorMath.Add(Host(a), Host(b), length, Host(sum));

    public void GatherRows(DeviceBuffer<float> source, DeviceBuffer<int> rows, int count, int width, DeviceBuffer<float> destination)
    {
        var src = Host(source);
        var index = Host(rows);
        var dst = Host(destination);
        for (var i = 0; i < count; i++)
        {
            new ReadOnlySpan<float>(src + ((long)index[i] * width), width).CopyTo(new Span<float>(dst + ((long)i * width), width));
        }
    }

    public void ArgMax(DeviceBuffer<float> values, int rows, int width, DeviceBuffer<int> indices)
    {
        var args = new ArgMaxArgs { Values = Host(values), Width = width, Indices = Host(indices) };
        CpuRows.For(rows, width * 4L, &ArgMaxRows, &args);
    }

    private static void ArgMaxRows(void* context, int start, int end)
    {
        var a = (ArgMaxArgs*)context;
        for (var r = start; r < end; r++)
        {
            a->Indices[r] = VectorMath.ArgMax(a->Values + ((long)r * a->Width), a->Width);
        }
    }

    private struct ArgMaxArgs
    {
        public float* Values;
        public int Width;
        public int* Indices;
    }
}

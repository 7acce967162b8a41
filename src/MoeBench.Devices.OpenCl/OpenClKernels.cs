using MoeBench.Core;
using MoeBench.Core.Ops;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// The MoE ops as OpenCL C 1.2 kernels (Kernels/*.cl), enqueued on the device's in-order queue; calls return once
/// enqueued and <see cref="IDevice.Synchronize"/> waits. Scratch buffers (tile lists, router scores, dispatch
/// counters) are kept and grown, which the in-order queue makes safe to reuse from one call to the next.
/// Products (gemm, grouped_gemm, quant_grouped_gemm) in the <see cref="GemmForm"/> chosen for the device; routing and
/// elementwise ops in OpenClKernels.Routing.cs.
/// </summary>
internal sealed partial class OpenClKernels(OpenClQueue queue, OpenClProgram program, GemmForm form) : IMoeKernels, IDisposable
{
    /// <summary>The TILE of common.cl: the GEMM kernels' work-groups are TILE × TILE.</summary>
    public const int Tile = 16;

    /// <summary>The BLOCK of gemm_blocked.cl: each work-item of the register-blocked products computes Block × Block of C.</summary>
    private const int Block = 8;

    private readonly Scratch _tiles = new(queue);
    private readonly Scratch _scores = new(queue);
    private readonly Scratch _next = new(queue);
    private readonly OpenClBuffer<int> _noOffsets = new(queue, 1);

    public void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        if (w.Groups != 1 || w.Quantized)
        {
            throw new ArgumentException($"gemm needs one fp32 weight matrix, got {w.Groups} groups of {w.DType.ToName()}", nameof(b));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(m);
        RequireLength(a, (long)m * w.K, nameof(a));
        RequireLength(c, (long)m * w.N, nameof(c));
        Gemm(Mem(a), w.Data, Mem(c), m, w.N, w.K, accumulate);
    }

    public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    /// <summary>The grouped product over weights of any format: quantized groups decode in the kernel's B tile.</summary>
    public void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    public void Dispose()
    {
        _tiles.Dispose();
        _scores.Dispose();
        _next.Dispose();
        _noOffsets.Dispose();
    }

    /// <summary>The product on raw buffers, for the gate's router logits and the calibration's GEMM roof.</summary>
    internal void Gemm(nint a, nint b, nint c, int m, int n, int k, bool accumulate)
    {
        var args = new KernelArgs(queue.Api, program.Kernel(Name("gemm"))).Add(a).Add(b).Add(c).Add(m).Add(n).Add(k).Add(accumulate ? 1 : 0);
        if (form == GemmForm.RegisterBlocks)
        {
            queue.Launch(args.Kernel, [Blocks(n), Blocks(m)]);
        }
        else
        {
            queue.Launch(args.Kernel, [RoundUp(n), RoundUp(m)], [Tile, Tile]);
        }
    }

    /// <summary>
    /// The offsets stay on the device: grouped_tiles lists each group's row tiles there, and the GEMM runs over as many
    /// tiles as the rows C can hold could need (rows / TILE + groups), the ones past the list returning at once.
    /// </summary>
    private void Grouped(DeviceBuffer<float> a, DeviceBuffer<int> offsets, OpenClWeights w, DeviceBuffer<float> c)
    {
        RequireLength(offsets, w.Groups + 1L, nameof(offsets));
        var rows = Math.Min(a.Length / w.K, c.Length / w.N);
        var capacity = ((rows + Tile - 1) / Tile) + w.Groups;
        var tiles = _tiles.Get(capacity * 2L * sizeof(int));
        var list = new KernelArgs(queue.Api, program.Kernel("grouped_tiles")).Add(Mem(offsets)).Add(w.Groups).Add(tiles).Add(capacity);
        queue.Launch(list.Kernel, [1]);
        var args = w.Quantized
            ? new KernelArgs(queue.Api, program.Kernel(Name("quant_grouped_gemm"))).Add(Mem(a)).Add(Mem(offsets)).Add(tiles).Add(w.Data).Add(w.Descriptors)
            : new KernelArgs(queue.Api, program.Kernel(Name("grouped_gemm"))).Add(Mem(a)).Add(Mem(offsets)).Add(tiles).Add(w.Data);
        args.Add(Mem(c)).Add(w.N).Add(w.K);
        if (form == GemmForm.RegisterBlocks)
        {
            // A TILE-row tile is TILE / Block work-items of Block rows each.
            queue.Launch(args.Kernel, [Blocks(w.N), (nuint)capacity * (Tile / Block)]);
        }
        else
        {
            queue.Launch(args.Kernel, [RoundUp(w.N), (nuint)capacity * Tile], [Tile, Tile]);
        }
    }

    private string Name(string product) => form == GemmForm.RegisterBlocks ? $"{product}_blocked" : product;

    private static nuint RoundUp(int size) => (nuint)((size + Tile - 1) / Tile * Tile);

    /// <summary>Work-items of Block × Block blocks along a dimension of <paramref name="size"/>.</summary>
    private static nuint Blocks(int size) => (nuint)((size + Block - 1) / Block);

    private nint Mem<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer is OpenClBuffer<T> cl && cl.Of(queue) ? cl.Mem : throw new ArgumentException("buffer belongs to another device", nameof(buffer));

    private OpenClWeights Weights(IDeviceWeights weights) =>
        weights is OpenClWeights w && w.Of(queue) ? w : throw new ArgumentException("weights belong to another device", nameof(weights));

    /// <summary>A device buffer kept between calls and grown to the largest size asked for.</summary>
    private sealed class Scratch(OpenClQueue queue) : IDisposable
    {
        private nint _mem;
        private long _bytes;

        public nint Get(long bytes)
        {
            if (bytes > _bytes)
            {
                Dispose();
                _mem = queue.CreateBuffer(bytes);
                _bytes = bytes;
            }

            return _mem;
        }

        public void Dispose()
        {
            if (_mem != 0)
            {
                queue.Release(_mem);
                (_mem, _bytes) = (0, 0);
            }
        }
    }
}

using ILGPU;
using MoeBench.Core.Ops;
using MoeBench.Devices.Ilgpu.Kernels;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Ilgpu;

/// <summary>Dispatch, combine and the element-wise ops.</summary>
internal sealed partial class IlgpuKernels
{
    public void Permute(
        DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow)
    {
        var slots = (long)tokens * topK;
        RequireLength(ids, slots, nameof(ids));
        RequireLength(slotRow, slots, nameof(slotRow));
        RequireLength(x, (long)tokens * hidden, nameof(x));
        RequireLength(xPermuted, slots * hidden, nameof(xPermuted));
        RequireLength(offsets, ffnExperts + 1L, nameof(offsets));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ffnExperts);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var args = new DispatchArgs((int)slots, topK, hidden, ffnExperts, capacity);
        kernels.DispatchCount(ffnExperts, View(ids), View(offsets), args);
        kernels.DispatchPrefix(1, View(offsets), args);
        kernels.DispatchAssign(ffnExperts, View(ids), View(offsets), View(slotRow), args);
        if (slots > 0)
        {
            kernels.DispatchUnrouted((int)slots, View(ids), View(slotRow), args);
            if (hidden > 0)
            {
                kernels.DispatchGather(new Index2D(hidden, (int)slots), View(x), View(slotRow), View(xPermuted), args);
            }
        }
    }

    public void Unpermute(
        DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights,
        DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden,
        DeviceBuffer<float> y, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(combine);
        var slots = (long)tokens * topK;
        RequireLength(slotRow, slots, nameof(slotRow));
        RequireLength(ids, slots, nameof(ids));
        RequireLength(weights, slots, nameof(weights));
        RequireLength(x, (long)tokens * hidden, nameof(x));
        RequireLength(y, (long)tokens * hidden, nameof(y));
        if (combine.ConstExperts > 0)
        {
            RequireLength(constants, (long)combine.ConstExperts * hidden, nameof(constants));
        }

        if (tokens == 0 || hidden == 0)
        {
            return;
        }

        var args = new CombineArgs(topK, hidden, combine.FirstCopy, combine.FirstConst, accumulate ? 1 : 0);
        kernels.Combine(new Index2D(hidden, tokens), View(yPermuted), View(slotRow), View(ids), View(weights), View(x), View(constants), View(y), args);
    }

    public void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        RequireLength(gateUp, (long)maxRows * 2 * ffn, nameof(gateUp));
        RequireLength(output, (long)maxRows * ffn, nameof(output));
        if (maxRows == 0 || ffn == 0)
        {
            return;
        }

        var offsets = groupOffsets is null ? _noInts.View : View(groupOffsets);
        var last = groupOffsets is null ? -1 : groupOffsets.Length - 1;
        kernels.Swiglu(new Index2D(ffn, maxRows), View(gateUp), offsets, View(output), ffn, maxRows, last);
    }

    public void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y)
    {
        RequireLength(x, (long)rows * hidden, nameof(x));
        RequireLength(y, (long)rows * hidden, nameof(y));
        RequireLength(gamma, hidden, nameof(gamma));
        if (rows > 0)
        {
            kernels.RmsNorm(rows, View(x), View(gamma), View(y), hidden, epsilon);
        }
    }
}

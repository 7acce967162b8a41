using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>The dispatch's sizes as kernel scalars.</summary>
internal readonly record struct DispatchArgs(int Slots, int TopK, int Hidden, int FfnExperts, int Capacity);

/// <summary>
/// <c>ReferenceOps.DispatchPlan</c> and the permute on the device, in four steps with no atomics, so the plan is the
/// reference's exactly (rows within an expert in (token, slot) order): each expert counts its slots (capped), one
/// thread turns the counts into offsets (experts are few), each expert walks the slots in order handing out its
/// rows, and each slot of a non-FFN expert gets −1. A walk costs O(slots) per expert thread — fine for the batch
/// sizes of a layer case, and the expert products that follow dwarf it.
/// </summary>
internal static class DispatchKernels
{
    /// <summary>offsets[e + 1] = min(count of e, capacity); offsets[0] = 0.</summary>
    public static void Count(Index1D expert, ArrayView<int> ids, ArrayView<int> offsets, DispatchArgs args)
    {
        var count = 0;
        for (var s = 0; s < args.Slots; s++)
        {
            if (ids[s] == expert)
            {
                count++;
            }
        }

        offsets[expert + 1] = Math.Min(count, args.Capacity);
        if (expert == 0)
        {
            offsets[0] = 0;
        }
    }

    /// <summary>Counts to offsets, in one thread.</summary>
    public static void Prefix(Index1D index, ArrayView<int> offsets, DispatchArgs args)
    {
        for (var e = 1; e <= args.FfnExperts; e++)
        {
            offsets[e] += offsets[e - 1];
        }
    }

    /// <summary>Expert e's kept slots get rows offsets[e], offsets[e] + 1, … in slot order; the rest of its slots −1.</summary>
    public static void Assign(Index1D expert, ArrayView<int> ids, ArrayView<int> offsets, ArrayView<int> slotRow, DispatchArgs args)
    {
        var next = offsets[expert];
        var end = offsets[expert + 1];
        for (var s = 0; s < args.Slots; s++)
        {
            if (ids[s] == expert)
            {
                slotRow[s] = next < end ? next++ : -1;
            }
        }
    }

    /// <summary>Slots routed to a zero-computation expert (or any id outside the FFN experts) keep no row.</summary>
    public static void Unrouted(Index1D slot, ArrayView<int> ids, ArrayView<int> slotRow, DispatchArgs args)
    {
        if ((uint)ids[slot] >= (uint)args.FfnExperts)
        {
            slotRow[slot] = -1;
        }
    }

    /// <summary>xPermuted[slotRow[s]] = x[s / topK] for kept slots (x: hidden column, y: slot).</summary>
    public static void Gather(Index2D index, ArrayView<float> x, ArrayView<int> slotRow, ArrayView<float> xPermuted, DispatchArgs args)
    {
        int j = index.X, s = index.Y;
        var row = slotRow[s];
        if (j < args.Hidden && row >= 0)
        {
            xPermuted[((long)row * args.Hidden) + j] = x[((long)(s / args.TopK) * args.Hidden) + j];
        }
    }
}

using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>The combine's sizes and expert ranges as kernel scalars (<c>CombineSpec</c> flattened).</summary>
internal readonly record struct CombineArgs(int TopK, int Hidden, int FirstCopy, int FirstConst, int Accumulate);

/// <summary>
/// <c>ReferenceOps.Unpermute</c>, one thread per (token, column): y (+)= Σ over the token's slots, in slot order, of
/// weight × (its expert row, x for a copy expert, the constant vector for a constant expert, nothing for a zero
/// expert or a dropped slot). Each output is written by one thread, so no atomics.
/// </summary>
internal static class CombineKernel
{
    public static void Combine(
        Index2D index, ArrayView<float> yPermuted, ArrayView<int> slotRow, ArrayView<int> ids, ArrayView<float> weights,
        ArrayView<float> x, ArrayView<float> constants, ArrayView<float> y, CombineArgs args)
    {
        int j = index.X, t = index.Y;
        var h = args.Hidden;
        long at = ((long)t * h) + j;
        var sum = args.Accumulate != 0 ? y[at] : 0f;
        for (var r = 0; r < args.TopK; r++)
        {
            var s = (t * args.TopK) + r;
            var e = ids[s];
            var w = weights[s];
            if (slotRow[s] >= 0)
            {
                sum += w * yPermuted[((long)slotRow[s] * h) + j];
            }
            else if (e >= args.FirstConst)
            {
                sum += w * constants[((long)(e - args.FirstConst) * h) + j];
            }
            else if (e >= args.FirstCopy)
            {
                sum += w * x[at];
            }
        }

        y[at] = sum;
    }
}

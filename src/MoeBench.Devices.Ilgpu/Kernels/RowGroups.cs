using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>Device-side reading of group offsets: how many rows there are, and which group a row belongs to.</summary>
internal static class RowGroups
{
    /// <summary>The last offset where there are groups, else <see cref="GemmArgs.RowLimit"/>; never above the limit.</summary>
    public static int Rows(ArrayView<int> offsets, GemmArgs args) =>
        args.Groups > 0 ? Math.Min(offsets[args.Groups], args.RowLimit) : args.RowLimit;

    /// <summary>First row of the groups (offsets[0], usually 0); rows above it belong to no group and are left alone.</summary>
    public static int First(ArrayView<int> offsets, GemmArgs args) => args.Groups > 0 ? offsets[0] : 0;

    /// <summary>
    /// The group g with offsets[g] ≤ row &lt; offsets[g + 1], for a row between the first and last offset: the last g
    /// whose offset is at most the row, found by binary search, is never an empty group (its end is past the row).
    /// </summary>
    public static int Of(ArrayView<int> offsets, GemmArgs args, int row)
    {
        if (args.Groups <= 0)
        {
            return 0;
        }

        int lo = 0, hi = args.Groups - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (offsets[mid] <= row)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}

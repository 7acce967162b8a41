using MoeBench.Devices.Cpu;

namespace MoeBench.Devices;

/// <summary>
/// The argument checks every backend's kernels make before a native call or a launch, in one place so each names a
/// bad argument alike: a short buffer there would be a silent overwrite or a device fault, not an exception.
/// </summary>
public static unsafe class KernelArguments
{
    /// <summary>Throws unless <paramref name="buffer"/> holds at least <paramref name="needed"/> values.</summary>
    public static void RequireLength<T>(DeviceBuffer<T> buffer, long needed, string name)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length < needed)
        {
            throw new ArgumentException($"buffer holds {buffer.Length} values, the op needs {needed}", name);
        }
    }

    /// <summary>A buffer a host-memory device allocated (<see cref="CpuBuffer{T}"/>); another device's buffer is refused.</summary>
    public static CpuBuffer<T> HostBuffer<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer as CpuBuffer<T> ?? throw new ArgumentException("buffer belongs to another device", nameof(buffer));

    /// <summary>The host memory of <see cref="HostBuffer{T}"/>.</summary>
    public static T* Host<T>(DeviceBuffer<T> buffer)
        where T : unmanaged => HostBuffer(buffer).Data;

    /// <summary>
    /// A plain product's arguments, checked: one weight matrix, <paramref name="m"/> ≥ 0 rows, and A and C holding
    /// them (<paramref name="m"/> × k and <paramref name="m"/> × n values).
    /// </summary>
    public static void SingleProduct(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.Groups != 1)
        {
            throw new ArgumentException($"gemm needs one weight matrix, got {b.Groups} groups", nameof(b));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(m);
        RequireLength(a, (long)m * b.K, nameof(a));
        RequireLength(c, (long)m * b.N, nameof(c));
    }

    /// <summary>
    /// A grouped product's host arguments, checked: <paramref name="groups"/> + 1 offsets, none below 0 and none
    /// decreasing (rows offsets[g]..offsets[g+1] of A belong to group g), and A and C holding every row up to the last
    /// offset. Returns the offsets.
    /// </summary>
    public static int* GroupOffsets(DeviceBuffer<int> offsets, int groups, DeviceBuffer<float> a, int k, DeviceBuffer<float> c, int n)
    {
        RequireLength(offsets, groups + 1L, nameof(offsets));
        var off = Host(offsets);
        for (var g = 0; g < groups; g++)
        {
            if (off[g] < 0 || off[g + 1] < off[g])
            {
                throw new ArgumentException($"offsets must start at 0 or more and never decrease (group {g}: {off[g]}..{off[g + 1]})", nameof(offsets));
            }
        }

        RequireLength(a, (long)off[groups] * k, nameof(a));
        RequireLength(c, (long)off[groups] * n, nameof(c));
        return off;
    }
}

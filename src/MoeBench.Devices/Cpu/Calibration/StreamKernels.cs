using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// The loops every bandwidth figure is timed with: a read-only sum and a copy, in the widest vectors the processor
/// accelerates — the loads the GEMM kernels stream their weights with — and eight accumulators, so neither the add
/// latency nor a narrower load caps the figure below what a kernel can reach (with 256-bit loads and four
/// accumulators a sum cannot reach an L1's two 512-bit loads per cycle). Lengths are multiples of 16 floats.
/// </summary>
internal static class StreamKernels
{
    /// <summary>Floats every length handed to these loops is a multiple of: one 512-bit vector.</summary>
    public const int Granule = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ReadOnlySpan<float> x) => Vector512.IsHardwareAccelerated ? Sum512(x) : Sum256(x);

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (same length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var length = (nuint)source.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            for (nuint i = 0; i < length; i += 16)
            {
                Vector512.LoadUnsafe(ref s, i).StoreUnsafe(ref d, i);
            }
        }
        else
        {
            for (nuint i = 0; i < length; i += 8)
            {
                Vector256.LoadUnsafe(ref s, i).StoreUnsafe(ref d, i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum512(ReadOnlySpan<float> x)
    {
        ref var r = ref MemoryMarshal.GetReference(x);
        var length = (nuint)x.Length;
        Vector512<float> s0 = Vector512<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        nuint i = 0;
        for (; i + 128 <= length; i += 128)
        {
            s0 += Vector512.LoadUnsafe(ref r, i);
            s1 += Vector512.LoadUnsafe(ref r, i + 16);
            s2 += Vector512.LoadUnsafe(ref r, i + 32);
            s3 += Vector512.LoadUnsafe(ref r, i + 48);
            s4 += Vector512.LoadUnsafe(ref r, i + 64);
            s5 += Vector512.LoadUnsafe(ref r, i + 80);
            s6 += Vector512.LoadUnsafe(ref r, i + 96);
            s7 += Vector512.LoadUnsafe(ref r, i + 112);
        }

        for (; i < length; i += 16)
        {
            s0 += Vector512.LoadUnsafe(ref r, i);
        }

        return Vector512.Sum(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum256(ReadOnlySpan<float> x)
    {
        ref var r = ref MemoryMarshal.GetReference(x);
        var length = (nuint)x.Length;
        Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        nuint i = 0;
        for (; i + 64 <= length; i += 64)
        {
            s0 += Vector256.LoadUnsafe(ref r, i);
            s1 += Vector256.LoadUnsafe(ref r, i + 8);
            s2 += Vector256.LoadUnsafe(ref r, i + 16);
            s3 += Vector256.LoadUnsafe(ref r, i + 24);
            s4 += Vector256.LoadUnsafe(ref r, i + 32);
            s5 += Vector256.LoadUnsafe(ref r, i + 40);
            s6 += Vector256.LoadUnsafe(ref r, i + 48);
            s7 += Vector256.LoadUnsafe(ref r, i + 56);
        }

        for (; i < length; i += 8)
        {
            s0 += Vector256.LoadUnsafe(ref r, i);
        }

        return Vector256.Sum(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// The read-only sum with every cache line prefetched <see cref="PrefetchBytes"/> ahead, as the decode kernels
    /// stream their weights (QuantMaddKernel512, the GEMM tiles): out of DRAM those kernels read ~25% faster than a sum
    /// left to the hardware prefetchers (30 against 24 GB/s on a 2-core Zen 4, which put them at 117–125% of a roof
    /// measured without it). A DRAM roof is measured with the kernels' own access pattern, this one included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe float SumAhead(ReadOnlySpan<float> x)
    {
        if (!Sse.IsSupported || !Vector512.IsHardwareAccelerated)
        {
            // The AVX2 kernels stream without prefetching far ahead; so does their roof.
            return Sum(x);
        }

        fixed (float* p = x)
        {
            var length = (nuint)x.Length;
            Vector512<float> s0 = Vector512<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            nuint i = 0;
            for (; i + 128 <= length; i += 128)
            {
                // The eight lines of this 512-byte step, PrefetchBytes ahead; a prefetch past the end never faults.
                var ahead = (byte*)(p + i) + PrefetchBytes;
                Sse.Prefetch0(ahead);
                Sse.Prefetch0(ahead + 64);
                Sse.Prefetch0(ahead + 128);
                Sse.Prefetch0(ahead + 192);
                Sse.Prefetch0(ahead + 256);
                Sse.Prefetch0(ahead + 320);
                Sse.Prefetch0(ahead + 384);
                Sse.Prefetch0(ahead + 448);
                s0 += Vector512.Load(p + i);
                s1 += Vector512.Load(p + i + 16);
                s2 += Vector512.Load(p + i + 32);
                s3 += Vector512.Load(p + i + 48);
                s4 += Vector512.Load(p + i + 64);
                s5 += Vector512.Load(p + i + 80);
                s6 += Vector512.Load(p + i + 96);
                s7 += Vector512.Load(p + i + 112);
            }

            for (; i < length; i += 16)
            {
                s0 += Vector512.Load(p + i);
            }

            return Vector512.Sum(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
        }
    }

    /// <summary>How far ahead the kernels prefetch their weight stream (1–8 KiB measured alike on Zen 4).</summary>
    private const int PrefetchBytes = 4096;

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

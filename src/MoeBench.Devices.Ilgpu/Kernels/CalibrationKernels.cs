using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>The roof-measuring kernels: an FMA loop with independent chains, and a device-memory copy.</summary>
internal static class CalibrationKernels
{
    /// <summary>
    /// Independent multiply-add chains per thread: enough to cover the FMA pipeline's latency (4 cycles on recent
    /// NVIDIA SMs, so 4+ in flight per thread keeps it busy at full occupancy), few enough to stay in registers.
    /// </summary>
    public const int Chains = 8;

    /// <summary>
    /// <paramref name="iterations"/> rounds of a = a·m + c on each chain, then their sum stored so no compiler can drop
    /// the loop. With m just under 1 every chain converges to c / (1 − m): no overflow, no subnormals to slow it.
    /// </summary>
    public static void Fma(Index1D index, ArrayView<float> output, int iterations)
    {
        const float M = 0.999f, C = 0.001f;
        float seed = index.X * 1e-9f;
        float a0 = seed, a1 = seed + 0.1f, a2 = seed + 0.2f, a3 = seed + 0.3f, a4 = seed + 0.4f, a5 = seed + 0.5f, a6 = seed + 0.6f, a7 = seed + 0.7f;
        for (var i = 0; i < iterations; i++)
        {
            a0 = (a0 * M) + C;
            a1 = (a1 * M) + C;
            a2 = (a2 * M) + C;
            a3 = (a3 * M) + C;
            a4 = (a4 * M) + C;
            a5 = (a5 * M) + C;
            a6 = (a6 * M) + C;
            a7 = (a7 * M) + C;
        }

        output[index] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    /// <summary>
    /// Copies n elements with <paramref name="threads"/> threads, each element read once and written once (8 bytes of
    /// memory traffic). Few threads each doing much work, so the figure is the memory's and not the launch's: on a GPU
    /// thread t takes t, t + threads, … so that each warp's accesses coalesce; on the CPU accelerator
    /// (<paramref name="contiguous"/> 1) it takes one contiguous slice, so no two host threads share a cache line.
    /// </summary>
    public static void Copy(Index1D index, ArrayView<float> source, ArrayView<float> destination, int threads, int contiguous)
    {
        var n = (int)source.Length;
        if (contiguous != 0)
        {
            var per = (n + threads - 1) / threads;
            var end = Math.Min(n, (index.X + 1) * per);
            for (var i = index.X * per; i < end; i++)
            {
                destination[i] = source[i];
            }
        }
        else
        {
            for (var i = index.X; i < n; i += threads)
            {
                destination[i] = source[i];
            }
        }
    }
}

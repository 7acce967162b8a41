using MoeBench.Core.Calibration;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// The host CPU's roofs: fp32 FMA peak per accelerated vector path (1 thread and all threads), the integer
/// dot-product peak where AVX-512BW runs int8/int4 that way, sustainable DRAM bandwidth (the first memory tier) and
/// the bandwidth of each data cache level (tiers <c>l1</c>, <c>l2</c>, <c>l3</c>, with their total capacity). Shared by every device
/// that runs on this CPU (<c>cpu</c>, <c>cpu-blas</c>): the roofs are the silicon's, whatever library runs the kernels.
/// </summary>
public static class CpuCalibration
{
    /// <summary>The main memory tier's name.</summary>
    public const string DramTier = "dram";

    /// <summary>Passes per probe, the fastest kept: two cost about 6 ms beside each sample here.</summary>
    public const int ProbePasses = 2;

    private static readonly Lock ProbeGate = new();
    private static CpuBuffer<float>? s_probeBuffer;

    /// <summary>
    /// The bandwidth a short read stream over <paramref name="footprintBytes"/> reaches now
    /// (<see cref="IBandwidthProbe"/>): the fastest of <see cref="ProbePasses"/> all-thread passes, about 3 ms each for
    /// 128 MiB here. One 64-byte-aligned buffer for the process, touched once when first needed or resized: probing
    /// must cost milliseconds, not a page-fault storm.
    /// </summary>
    public static double ProbeBandwidth(long footprintBytes, CancellationToken cancellation)
    {
        var threads = Environment.ProcessorCount;
        var length = (int)Math.Min(Array.MaxLength, Math.Max(1L << 20, footprintBytes) / sizeof(float));
        length -= length % (StreamKernels.Granule * threads);
        lock (ProbeGate)
        {
            if (s_probeBuffer?.Length != length)
            {
                s_probeBuffer?.Dispose();
                s_probeBuffer = null;
                var buffer = new CpuBuffer<float>(length);
                var span = buffer.Span;
                for (var i = 0; i < length; i++)
                {
                    span[i] = 1f + (i & 7);
                }

                s_probeBuffer = buffer;
            }

            return StreamBandwidth.Probe(s_probeBuffer, threads, ProbePasses, cancellation);
        }
    }

    public static DeviceRoofs Measure(CalibrationSettings settings, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var threads = Environment.ProcessorCount;
        var peaks = FmaPeak.AcceleratedPaths().Select(path => FmaPeak.Measure(path, threads, settings, cancellation)).ToList();
        if (IntDotPeak.IsSupported)
        {
            peaks.Add(IntDotPeak.Measure(threads, settings, cancellation));
        }

        // Hot cases run from these; each is held to the tier its working set fits in.
        var caches = CacheTopology.DataLevels().Select(level => CacheBandwidth.Measure(level, threads, settings, cancellation)).ToList();
        var llc = CacheTopology.LastLevelBytes();
        var stream = StreamBandwidth.Measure(threads, llc * settings.StreamCacheMultiple, settings.Attempts, cancellation);
        return new DeviceRoofs(
            threads,
            peaks,
            // Latency is not measured: a pointer chase would add seconds for a figure no roofline here uses.
            [new MemoryTier(DramTier, CpuIdentity.PhysicalMemoryBytes, stream.BestBytesPerSecond, double.NaN), .. caches],
            [],
            $"fp32 FMA loop per vector path{(IntDotPeak.IsSupported ? " and a vpmaddwd + vpaddd loop" : "")}, 12 chains per thread, {(ThreadCpuClock.IsAvailable ? "each thread timed by its own CPU clock" : "timed by wall clock")}; STREAM triad and read-only sum over {settings.StreamCacheMultiple}× the last-level cache; per cache level a read-only sum and a copy within half of it, per-thread CPU time; best of {settings.Attempts}",
            new Dictionary<string, double>
            {
                ["last_level_cache_bytes"] = llc,
                ["stream_buffer_bytes"] = stream.BufferBytes,
                ["triad_bytes_per_s"] = stream.TriadBytesPerSecond,
                ["read_bytes_per_s"] = stream.ReadBytesPerSecond,
                ["attempts"] = settings.Attempts,
            });
    }
}

using System.Runtime.CompilerServices;

// CpuParallel and the kernel families are internal; their tests (pool robustness, per-family correctness) are not.
[assembly: InternalsVisibleTo("MoeBench.Devices.Tests")]

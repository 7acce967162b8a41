namespace MoeBench.Core.Results;

/// <summary>The machine a run's host side ran on: its name, OS, .NET runtime and processor.</summary>
/// <param name="CpuIsa">Vector extensions the JIT can use, space-separated (<c>avx2 fma avx512f</c>).</param>
public sealed record HostInfo(string Name, string Os, string Runtime, string CpuModel, int CpuCores, string CpuIsa);

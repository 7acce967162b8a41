namespace MoeBench.Core.Results;

/// <summary>
/// An accelerator present for a run (a GPU, an FPGA board, an NPU): what a reader needs to tell two runs' hardware and
/// software stack apart. None on a CPU-only machine.
/// </summary>
/// <param name="Driver">Driver and runtime versions as the vendor names them (<c>CUDA 12.8, driver 570.86</c>).</param>
/// <param name="MemoryBytes">Device memory; 0 where unknown.</param>
public sealed record AcceleratorInfo(string Name, string Vendor, string Driver, long MemoryBytes);

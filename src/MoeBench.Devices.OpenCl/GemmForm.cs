namespace MoeBench.Devices.OpenCl;

/// <summary>
/// Which of the two kernel families the products run (Kernels/gemm*.cl, grouped_gemm.cl, quant_grouped_gemm*.cl).
/// </summary>
public enum GemmForm
{
    /// <summary>
    /// TILE × TILE tiles of A and B staged in local memory, one output per work-item: the classic GPU form, for GPUs
    /// and FPGA boards, whose local memory is on-chip scratchpad.
    /// </summary>
    LocalTiles,

    /// <summary>
    /// An 8 × 8 block of C per work-item in registers, no local memory and no barriers: for CPU devices, where local
    /// memory is ordinary cached memory and each barrier splits the kernel (PoCL, figures in gemm_blocked.cl).
    /// </summary>
    RegisterBlocks,
}

public static class GemmForms
{
    /// <summary>The form for a device of <paramref name="deviceClass"/>: register blocks on a CPU, local tiles elsewhere.</summary>
    public static GemmForm For(DeviceClass deviceClass) => deviceClass == DeviceClass.Cpu ? GemmForm.RegisterBlocks : GemmForm.LocalTiles;

    /// <summary>
    /// The largest work-group the kernels launch: TILE × TILE (256) for the local tiles; for register blocks, which
    /// leave the size to the driver, rmsnorm.cl's NORM_LOCAL (64).
    /// </summary>
    public static int WorkGroupSize(this GemmForm form) => form == GemmForm.LocalTiles ? OpenClKernels.Tile * OpenClKernels.Tile : OpenClKernels.NormLocal;

    /// <summary>For the identity: the kernels differ, so their results are not to be compared as one device's.</summary>
    public static string Describe(this GemmForm form) => form == GemmForm.RegisterBlocks
        ? "products: 8×8 register blocks per work-item (no local memory)"
        : "products: 16×16 tiles through local memory";
}

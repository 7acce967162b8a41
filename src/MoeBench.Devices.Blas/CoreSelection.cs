namespace MoeBench.Devices.Blas;

/// <summary>
/// The kernel set a <c>cpu-blas</c> device runs and how it came to run it, with the OPENBLAS_CORETYPE value the
/// process inherited, which a choice or a pin overrides.
/// </summary>
/// <param name="Core">The kernel set, as OpenBLAS names it.</param>
/// <param name="Pinned">Named by the device id (<c>cpu-blas:Haswell</c>) rather than chosen for the CPU.</param>
/// <param name="Inherited">OPENBLAS_CORETYPE as the process started with it; null where unset.</param>
internal sealed record CoreSelection(string Core, bool Pinned, string? Inherited)
{
    /// <summary>The device id: the backend's own for a chosen set, <c>cpu-blas:Core</c> for a pinned one.</summary>
    public string DeviceId => Pinned ? $"{BlasDevice.DeviceId}:{Core}" : BlasDevice.DeviceId;

    /// <summary>
    /// "core SkylakeX (chosen for this CPU)", for the device identity (a Haswell-kernel run and a SkylakeX-kernel
    /// run are different baselines). The inherited value stays out of it: the kernels are the same whatever the
    /// environment held, and each run's context records OPENBLAS_CORETYPE beside the results.
    /// </summary>
    public string Kernels => $"core {Core} ({(Pinned ? "pinned by the device id" : "chosen for this CPU")})";

    /// <summary>"OPENBLAS_CORETYPE=Haswell inherited, overridden", for the device listing.</summary>
    public string Inheritance =>
        string.IsNullOrEmpty(Inherited) ? $"{OpenBlasCoreType.Variable} unset"
        : string.Equals(Inherited, Core, StringComparison.OrdinalIgnoreCase) ? $"{OpenBlasCoreType.Variable}={Inherited} inherited"
        : $"{OpenBlasCoreType.Variable}={Inherited} inherited, overridden";
}

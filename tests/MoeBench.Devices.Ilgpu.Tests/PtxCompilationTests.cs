using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using MoeBench.Devices.Ilgpu.Kernels;

namespace MoeBench.Devices.Ilgpu.Tests;

/// <summary>
/// Every kernel lowers to PTX for an Ampere-class GPU (sm_80), on this GPU-less machine: ILGPU's PTX backend needs no
/// driver, so an intrinsic the CUDA backend cannot lower (an e-based exp needs libdevice, say) fails here, in CI,
/// and not first on a borrowed GPU. Running the PTX is scripts/gpu-check.sh's job.
/// </summary>
public sealed class PtxCompilationTests
{
    public static TheoryData<string> ImplicitlyGrouped() => new()
    {
        $"{nameof(GemmKernels)}.{nameof(GemmKernels.PerElement)}",
        $"{nameof(QuantGemmKernel)}.{nameof(QuantGemmKernel.PerElement)}",
        $"{nameof(GateKernel)}.{nameof(GateKernel.Select)}",
        $"{nameof(DispatchKernels)}.{nameof(DispatchKernels.Count)}",
        $"{nameof(DispatchKernels)}.{nameof(DispatchKernels.Prefix)}",
        $"{nameof(DispatchKernels)}.{nameof(DispatchKernels.Assign)}",
        $"{nameof(DispatchKernels)}.{nameof(DispatchKernels.Unrouted)}",
        $"{nameof(DispatchKernels)}.{nameof(DispatchKernels.Gather)}",
        $"{nameof(CombineKernel)}.{nameof(CombineKernel.Combine)}",
        $"{nameof(ActivationKernels)}.{nameof(ActivationKernels.Swiglu)}",
        $"{nameof(ActivationKernels)}.{nameof(ActivationKernels.RmsNorm)}",
        $"{nameof(CalibrationKernels)}.{nameof(CalibrationKernels.Fma)}",
        $"{nameof(CalibrationKernels)}.{nameof(CalibrationKernels.Copy)}",
    };

    [Theory]
    [MemberData(nameof(ImplicitlyGrouped))]
    public void A_per_element_kernel_compiles_to_PTX_for_sm_80(string kernel)
    {
        var ptx = Compile(EntryPointDescription.FromImplicitlyGroupedKernel(Method(kernel)));

        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tiled_GEMM_compiles_to_PTX_with_shared_memory_and_barriers()
    {
        var ptx = Compile(EntryPointDescription.FromExplicitlyGroupedKernel(Method($"{nameof(GemmKernels)}.{nameof(GemmKernels.Tiled)}")));

        Assert.Contains(".shared", ptx, StringComparison.Ordinal);
        Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
    }

    private static string Compile(EntryPointDescription entry)
    {
        using var context = Context.Create(builder => builder.Cuda());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, nvvmAPI: null);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
        return compiled.PTXAssembly;
    }

    private static MethodInfo Method(string name)
    {
        var (type, method) = (name[..name.IndexOf('.', StringComparison.Ordinal)], name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        return typeof(GemmKernels).Assembly.GetType($"{typeof(GemmKernels).Namespace}.{type}", throwOnError: true)!
            .GetMethod(method, BindingFlags.Public | BindingFlags.Static)!;
    }
}

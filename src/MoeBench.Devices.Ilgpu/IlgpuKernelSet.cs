using ILGPU;
using ILGPU.Runtime;
using MoeBench.Devices.Ilgpu.Kernels;

namespace MoeBench.Devices.Ilgpu;

/// <summary>
/// The compiled kernels of one accelerator, each compiled on first use (ILGPU compiles from IL at load: a few hundred
/// milliseconds each, spent only on the ops a run uses). <see cref="Tiled"/> picks the GEMM variant: the
/// shared-memory tiles on a GPU; on ILGPU's CPU accelerator one thread per output element, because there every
/// <c>Group.Barrier</c> is a real barrier among up to 16 OS threads — a tiled SGEMM measured ≈ 0.002 GFLOP/s on the
/// 2-core development machine (shared/reference/this-machine.md), too slow even for the conformance suite.
/// </summary>
internal sealed class IlgpuKernelSet(Accelerator accelerator, bool tiled)
{
    private readonly Lazy<Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, GemmArgs>> _gemm =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, GemmArgs>(GemmKernels.PerElement));

    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, GemmArgs>> _tiled =
        new(() => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, GemmArgs>(GemmKernels.Tiled));

    private readonly Lazy<Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<float>, GemmArgs>> _quant =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<float>, GemmArgs>(QuantGemmKernel.PerElement));

    private readonly Lazy<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, GateArgs>> _gate =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, GateArgs>(GateKernel.Select));

    private readonly Lazy<Action<Index1D, ArrayView<int>, ArrayView<int>, DispatchArgs>> _count =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, DispatchArgs>(DispatchKernels.Count));

    private readonly Lazy<Action<Index1D, ArrayView<int>, DispatchArgs>> _prefix =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, DispatchArgs>(DispatchKernels.Prefix));

    private readonly Lazy<Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, DispatchArgs>> _assign =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, DispatchArgs>(DispatchKernels.Assign));

    private readonly Lazy<Action<Index1D, ArrayView<int>, ArrayView<int>, DispatchArgs>> _unrouted =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, DispatchArgs>(DispatchKernels.Unrouted));

    private readonly Lazy<Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, DispatchArgs>> _gather =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, DispatchArgs>(DispatchKernels.Gather));

    private readonly Lazy<Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, CombineArgs>> _combine =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, CombineArgs>(CombineKernel.Combine));

    private readonly Lazy<Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int>> _swiglu =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int>(ActivationKernels.Swiglu));

    private readonly Lazy<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float>> _rmsNorm =
        new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float>(ActivationKernels.RmsNorm));

    /// <summary>Shared-memory tiles for the fp32 products: on every accelerator but the CPU one (see the class remarks).</summary>
    public static bool TiledOn(Accelerator accelerator) => accelerator.AcceleratorType != AcceleratorType.CPU;

    /// <summary>Whether the fp32 products run <see cref="GemmKernels.Tiled"/>: <see cref="TiledOn"/>, or forced by a test.</summary>
    public bool Tiled => tiled;

    public Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, GemmArgs> GemmPerElement => _gemm.Value;

    public Action<KernelConfig, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, GemmArgs> GemmTiled => _tiled.Value;

    public Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<float>, GemmArgs> Quant => _quant.Value;

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, GateArgs> GateSelect => _gate.Value;

    public Action<Index1D, ArrayView<int>, ArrayView<int>, DispatchArgs> DispatchCount => _count.Value;

    public Action<Index1D, ArrayView<int>, DispatchArgs> DispatchPrefix => _prefix.Value;

    public Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, DispatchArgs> DispatchAssign => _assign.Value;

    public Action<Index1D, ArrayView<int>, ArrayView<int>, DispatchArgs> DispatchUnrouted => _unrouted.Value;

    public Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, DispatchArgs> DispatchGather => _gather.Value;

    public Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, CombineArgs> Combine => _combine.Value;

    public Action<Index2D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int> Swiglu => _swiglu.Value;

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float> RmsNorm => _rmsNorm.Value;
}

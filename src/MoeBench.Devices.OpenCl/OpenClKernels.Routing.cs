using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.OpenCl;

/// <summary>Router, dispatch, combine, SwiGLU and RMSNorm.</summary>
internal sealed partial class OpenClKernels
{
    /// <summary>MAX_GATE_GROUPS of gate_select.cl: the kept-group mask is one 64-bit word.</summary>
    private const int MaxGateGroups = 64;

    /// <summary>NORM_LOCAL of rmsnorm.cl.</summary>
    internal const int NormLocal = 64;

    /// <summary>Router logits by the gemm kernel into scratch, then gate_select scores and picks per token.</summary>
    public void Gate(
        DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens,
        DeviceBuffer<int> ids, DeviceBuffer<float> weights)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var w = Weights(router);
        if (w.Groups != 1 || w.Quantized || w.N != spec.Experts)
        {
            throw new ArgumentException($"the router must be one fp32 [hidden × {spec.Experts}] matrix", nameof(router));
        }

        if (spec.Groups > MaxGateGroups || spec.Experts % spec.Groups != 0)
        {
            throw new ArgumentException($"group-limited routing needs at most {MaxGateGroups} groups dividing the experts, got {spec.Groups} for {spec.Experts}", nameof(spec));
        }

        RequireLength(x, (long)tokens * w.K, nameof(x));
        RequireLength(ids, (long)tokens * spec.TopK, nameof(ids));
        RequireLength(weights, (long)tokens * spec.TopK, nameof(weights));
        var scores = _scores.Get((long)tokens * spec.Experts * sizeof(float));
        Gemm(Mem(x), w.Data, scores, tokens, spec.Experts, w.K, accumulate: false);
        var args = new KernelArgs(queue.Api, program.Kernel("gate_select"))
            .Add(scores).Add(logitBias is null ? _noOffsets.Mem : Mem(logitBias)).Add(logitBias is null ? 0 : 1)
            .Add(spec.Experts).Add(spec.TopK).Add(spec.Score == RoutingScore.Sigmoid ? 1 : 0).Add(spec.Renormalize ? 1 : 0)
            .Add((float)spec.RoutedScale).Add(spec.Groups).Add(spec.TopKGroups).Add(tokens).Add(Mem(ids)).Add(Mem(weights));
        queue.Launch(args.Kernel, [(nuint)tokens]);
    }

    public void Permute(
        DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow)
    {
        var slots = tokens * topK;
        RequireLength(ids, slots, nameof(ids));
        RequireLength(slotRow, slots, nameof(slotRow));
        RequireLength(offsets, ffnExperts + 1L, nameof(offsets));
        var next = _next.Get(Math.Max(ffnExperts, 1) * (long)sizeof(int));
        var plan = new KernelArgs(queue.Api, program.Kernel("dispatch_plan"))
            .Add(Mem(ids)).Add(slots).Add(ffnExperts).Add(capacity).Add(Mem(offsets)).Add(next).Add(Mem(slotRow));
        queue.Launch(plan.Kernel, [1]);
        var copy = new KernelArgs(queue.Api, program.Kernel("permute_rows"))
            .Add(Mem(x)).Add(Mem(slotRow)).Add(topK).Add(hidden).Add(slots).Add(Mem(xPermuted));
        queue.Launch(copy.Kernel, [(nuint)hidden, (nuint)slots]);
    }

    public void Unpermute(
        DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights,
        DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden,
        DeviceBuffer<float> y, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(combine);
        RequireLength(y, (long)tokens * hidden, nameof(y));
        var args = new KernelArgs(queue.Api, program.Kernel("unpermute"))
            .Add(Mem(yPermuted)).Add(Mem(slotRow)).Add(Mem(ids)).Add(Mem(weights)).Add(Mem(x)).Add(Mem(constants))
            .Add(combine.FirstCopy).Add(combine.FirstConst).Add(tokens).Add(topK).Add(hidden).Add(accumulate ? 1 : 0).Add(Mem(y));
        queue.Launch(args.Kernel, [(nuint)hidden, (nuint)tokens]);
    }

    public void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output)
    {
        RequireLength(output, (long)maxRows * ffn, nameof(output));
        var args = new KernelArgs(queue.Api, program.Kernel("swiglu"))
            .Add(Mem(gateUp)).Add(maxRows).Add(groupOffsets is null ? _noOffsets.Mem : Mem(groupOffsets)).Add(groupOffsets is null ? 0 : 1)
            .Add(groupOffsets is null ? 0 : groupOffsets.Length - 1).Add(ffn).Add(Mem(output));
        queue.Launch(args.Kernel, [(nuint)ffn, (nuint)maxRows]);
    }

    public void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y)
    {
        RequireLength(x, (long)rows * hidden, nameof(x));
        RequireLength(y, (long)rows * hidden, nameof(y));
        var args = new KernelArgs(queue.Api, program.Kernel("rmsnorm")).Add(Mem(x)).Add(Mem(gamma)).Add(hidden).Add(epsilon).Add(Mem(y));
        queue.Launch(args.Kernel, [(nuint)rows * NormLocal], [NormLocal]);
    }
}

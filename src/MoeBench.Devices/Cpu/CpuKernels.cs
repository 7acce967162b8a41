using MoeBench.Core.Ops;
using MoeBench.Devices.Cpu.Kernels;
using MoeBench.Devices.Cpu.Ops;
using MoeBench.Devices.Cpu.Quant;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Cpu;

/// <summary>The managed CPU implementation of every op: AVX-512 (or AVX2) kernels on all cores; low-precision experts AVX2.</summary>
internal sealed unsafe partial class CpuKernels(SlowdownInjection injection) : IMoeKernels, IFusedExpertKernels, IDisposable
{
    private CpuBuffer<float>? _logits;
    private CpuBuffer<float>? _gateUp;

    public void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        if (w.Groups != 1)
        {
            throw new ArgumentException($"gemm needs one weight matrix, got {w.Groups} groups", nameof(b));
        }

        var begun = injection.Begin(OpKind.Gemm);
        Sgemm.Multiply(Host(a), w.K, w.Packed[0], Host(c), w.N, m, accumulate);
        injection.End(OpKind.Gemm, begun);
    }

    public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c)
    {
        var w = Weights(b);
        var begun = injection.Begin(OpKind.GroupedGemm);
        GroupedSgemm.Multiply(Host(a), Host(offsets), w.Packed, Host(c));
        injection.End(OpKind.GroupedGemm, begun);
    }

    public void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c)
    {
        var w = b as CpuQuantWeights ?? throw new ArgumentException("quant_grouped_gemm needs weights from LoadQuantizedWeights on this device", nameof(b));
        Quant.QuantGroupedGemm.Multiply(Host(a), Host(offsets), w.Panels, Host(c));
    }

    public void PlanDispatch(
        DeviceBuffer<int> ids, int tokens, int topK, int ffnExperts, int capacity,
        DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow, DeviceBuffer<int> rowToken) =>
        CpuPermute.Plan(Host(ids), tokens, topK, ffnExperts, capacity, Host(offsets), Host(slotRow), Host(rowToken));

    public IDeviceWeights LoadSwigluWeights(ReadOnlySpan<float> w13, int experts, int k, int ffn)
    {
        var panel = GemmIsa.Auto.Resolve().PanelWidth();
        var columns = GluLayout.Columns(ffn, panel);
        long expertIn = (long)k * 2 * ffn, expertOut = (long)k * columns;
        if (w13.Length < expertIn * experts)
        {
            throw new ArgumentException($"W13 holds {w13.Length} floats; [{experts} × {k} × {2 * ffn}] needs {expertIn * experts}.", nameof(w13));
        }

        var interleaved = new float[expertOut * experts];
        for (var g = 0; g < experts; g++)
        {
            GluLayout.Interleave(w13.Slice((int)(g * expertIn), (int)expertIn), k, ffn, panel, interleaved.AsSpan((int)(g * expertOut), (int)expertOut));
        }

        return new CpuWeights(PackedGroups.Pack(interleaved, experts, k, columns), experts, k, columns);
    }

    public void ExpertsUpSwiglu(
        DeviceBuffer<float> x, DeviceBuffer<int> rowToken, DeviceBuffer<int> offsets, IDeviceWeights w13, int ffn, DeviceBuffer<float> act)
    {
        var w = Weights(w13);
        long rows = Host(offsets)[w.Groups];

        // The fused up-projection is grouped_gemm work: an injected grouped_gemm slowdown slows it as unfused.
        var begun = injection.Begin(OpKind.GroupedGemm);
        GroupedSgemm.MultiplySwiglu(Host(x), Host(rowToken), Host(offsets), w.Packed, ffn, Grown(ref _gateUp, rows * w.N), Host(act));
        injection.End(OpKind.GroupedGemm, begun);
    }

    public void Gate(
        DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens,
        DeviceBuffer<int> ids, DeviceBuffer<float> weights)
    {
        var w = Weights(router);
        var logits = Grown(ref _logits, (long)tokens * spec.Experts);
        Sgemm.Multiply(Host(x), w.K, w.Packed[0], logits, w.N, tokens, accumulate: false);
        CpuGateSelect.Run(logits, logitBias is null ? null : Host(logitBias), spec, tokens, Host(ids), Host(weights));
    }

    public void Permute(
        DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow) =>
        CpuPermute.Run(Host(x), Host(ids), tokens, topK, hidden, ffnExperts, capacity, Host(xPermuted), Host(offsets), Host(slotRow));

    public void Unpermute(
        DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights,
        DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden,
        DeviceBuffer<float> y, bool accumulate) =>
        CpuUnpermute.Run(Host(yPermuted), Host(slotRow), Host(ids), Host(weights), Host(x), Host(constants), combine, tokens, topK, hidden, Host(y), accumulate);

    public void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output)
    {
        var rows = groupOffsets is null ? maxRows : Math.Min(maxRows, Host(groupOffsets)[groupOffsets.Length - 1]);
        var begun = injection.Begin(OpKind.Swiglu);
        CpuSwiglu.Run(Host(gateUp), rows, ffn, Host(output));
        injection.End(OpKind.Swiglu, begun);
    }

    public void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y)
    {
        var begun = injection.Begin(OpKind.RmsNorm);
        CpuRmsNorm.Run(Host(x), Host(gamma), rows, hidden, epsilon, Host(y));
        injection.End(OpKind.RmsNorm, begun);
    }

    /// <summary>A scratch buffer of at least <paramref name="length"/> floats, reallocated only when it must grow.</summary>
    private static float* Grown(ref CpuBuffer<float>? buffer, long length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = new CpuBuffer<float>(checked((int)length));
        }

        return buffer.Data;
    }

    public void Dispose()
    {
        _logits?.Dispose();
        _logits = null;
        _gateUp?.Dispose();
        _gateUp = null;
    }

    private static CpuWeights Weights(IDeviceWeights weights) =>
        weights as CpuWeights ?? throw new ArgumentException("weights belong to another device", nameof(weights));
}

using MoeBench.Core.Layers;
using MoeBench.Core.Quant;

namespace MoeBench.Core.Reference;

/// <summary>The whole MoE block in float64, composed from <see cref="ReferenceOps"/> exactly as a device composes its kernels.</summary>
public static class ReferenceMoeLayer
{
    public static double[] Forward(MoeLayerSpec spec, MoeLayerWeights w, MoeLayerInputs inputs)
    {
        var m = spec.Model;
        var (t, h, f, k) = (spec.Tokens, m.Hidden, m.ExpertFfn, m.TopK);
        var xn = ReferenceOps.RmsNorm(Widen.ToDouble(inputs.X), Widen.ToDouble(w.NormGamma), t, h, MoeLayerSpec.RmsEpsilon);
        var (ids, weights) = ReferenceOps.Gate(xn, Widen.ToDouble(w.Router), Widen.ToDouble(inputs.LogitBias), spec.Gate, t, h);
        var (offsets, slotRow) = ReferenceOps.DispatchPlan(ids, m.Experts, spec.Capacity);
        var rows = offsets[^1];
        var xp = ReferenceOps.Permute(xn, slotRow, rows, k, h);
        var p = spec.Precision;
        var w13 = p is null ? Widen.ToDouble(w.W13) : QuantizedMatrix.DequantizeGroups(p.QuantizeExperts(w.W13, h, 2 * f));
        var w2 = p is null ? Widen.ToDouble(w.W2) : QuantizedMatrix.DequantizeGroups(p.QuantizeExperts(w.W2, f, h));
        var gateUp = ReferenceOps.GroupedGemm(xp, offsets, w13, 2 * f, h);
        var act = ReferenceOps.Swiglu(gateUp, rows, f);
        var yp = ReferenceOps.GroupedGemm(act, offsets, w2, h, f);
        double[] y0 = [];
        if (w.SharedW13 is not null && w.SharedW2 is not null)
        {
            var fs = m.SharedFfn;
            var sw13 = p is null ? Widen.ToDouble(w.SharedW13) : QuantizedMatrix.DequantizeGroups([p.QuantizeShared(w.SharedW13, h, 2 * fs)]);
            var sw2 = p is null ? Widen.ToDouble(w.SharedW2) : QuantizedMatrix.DequantizeGroups([p.QuantizeShared(w.SharedW2, fs, h)]);
            var sharedAct = ReferenceOps.Swiglu(ReferenceOps.Gemm(xn, sw13, t, 2 * fs, h), t, fs);
            y0 = ReferenceOps.Gemm(sharedAct, sw2, t, h, fs);
        }

        return ReferenceOps.Unpermute(yp, slotRow, ids, weights, xn, Widen.ToDouble(w.Constants), spec.Combine, t, k, h, y0);
    }
}

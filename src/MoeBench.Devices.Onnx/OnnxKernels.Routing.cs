using MoeBench.Core.Ops;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// The router as one graph (MatMul, bias, Softmax or Sigmoid, the group limit, TopK, renormalisation), and dispatch and
/// combine as Gather graphs. The dispatch plan itself — a counting sort of the (token, slot) ids with the capacity
/// cut — is integer bookkeeping ONNX has no op for, so it is computed on the host beside the buffers (as
/// <c>ReferenceOps.DispatchPlan</c> does) and the row movement runs in ONNX Runtime.
/// </summary>
internal sealed unsafe partial class OnnxKernels
{
    private long[] _index = [];
    private float[] _slotWeights = [], _copyWeights = [], _constWeights = [];

    public void Gate(
        DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens,
        DeviceBuffer<int> ids, DeviceBuffer<float> weights)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var r = Weights(router);
        var e = spec.Experts;
        if (r.Groups != 1 || r.N != e)
        {
            throw new ArgumentException($"the router must be one [{r.K} × {e}] matrix", nameof(router));
        }

        if (spec.Groups > 1 && e % spec.Groups != 0)
        {
            throw new ArgumentException($"{e} experts do not split into {spec.Groups} groups", nameof(spec));
        }

        RequireLength(x, (long)tokens * r.K, nameof(x));
        RequireLength(ids, (long)tokens * spec.TopK, nameof(ids));
        RequireLength(weights, (long)tokens * spec.TopK, nameof(weights));
        if (logitBias is not null)
        {
            RequireLength(logitBias, (long)tokens * e, nameof(logitBias));
        }

        if (tokens == 0)
        {
            return;
        }

        var session = Cached(r.Graphs, (spec, logitBias is not null), () => GateGraph(r, spec, logitBias is not null));
        var inputs = logitBias is null
            ? [OnnxTensor.Of(Host(x), tokens, r.K)]
            : new[] { OnnxTensor.Of(Host(x), tokens, r.K), OnnxTensor.Of(Host(logitBias), tokens, e) };
        session.Run(inputs, [OnnxTensor.Of(Host(ids), tokens, spec.TopK), OnnxTensor.Of(Host(weights), tokens, spec.TopK)]);
    }

    public void Permute(
        DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow)
    {
        var slots = tokens * topK;
        RequireLength(x, (long)tokens * hidden, nameof(x));
        RequireLength(ids, slots, nameof(ids));
        RequireLength(offsets, ffnExperts + 1L, nameof(offsets));
        RequireLength(slotRow, slots, nameof(slotRow));
        var rows = Plan(Host(ids), slots, ffnExperts, capacity, Host(offsets), Host(slotRow));
        RequireLength(xPermuted, (long)rows * hidden, nameof(xPermuted));
        Grow(ref _index, rows);
        for (var s = 0; s < slots; s++)
        {
            var row = Host(slotRow)[s];
            if (row >= 0)
            {
                _index[row] = s / topK;
            }
        }

        if (rows == 0)
        {
            return;
        }

        var session = Cached(("permute", hidden), () =>
        {
            var model = new OnnxModel();
            var input = model.Input("x", OnnxType.Float, OnnxModel.Tokens, hidden);
            var token = model.Input("row_token", OnnxType.Int64, OnnxModel.Rows);
            model.Output(model.Node("Gather", [input, token], attributes: ("axis", 0L)), OnnxType.Float, OnnxModel.Rows, hidden);
            return model;
        });
        fixed (long* index = _index)
        {
            session.Run([OnnxTensor.Of(Host(x), tokens, hidden), OnnxTensor.Of(index, rows)], [OnnxTensor.Of(Host(xPermuted), rows, hidden)]);
        }
    }

    public void Unpermute(
        DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights,
        DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden,
        DeviceBuffer<float> y, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(combine);
        var slots = tokens * topK;
        RequireLength(slotRow, slots, nameof(slotRow));
        RequireLength(ids, slots, nameof(ids));
        RequireLength(weights, slots, nameof(weights));
        RequireLength(x, (long)tokens * hidden, nameof(x));
        RequireLength(constants, (long)combine.ConstExperts * hidden, nameof(constants));
        RequireLength(y, (long)tokens * hidden, nameof(y));
        if (tokens == 0)
        {
            return;
        }

        // Per slot: the expert row to gather and its weight (0 for dropped, zero, copy and constant slots, which
        // point at row 0); per token: the summed weight of its copy slots and of each constant expert.
        var c = combine.ConstExperts;
        Grow(ref _index, slots);
        Grow(ref _slotWeights, slots);
        Grow(ref _copyWeights, tokens);
        Grow(ref _constWeights, tokens * Math.Max(c, 1));
        Array.Clear(_copyWeights, 0, tokens);
        Array.Clear(_constWeights, 0, tokens * c);
        var rows = 0;
        for (var s = 0; s < slots; s++)
        {
            var (row, e, w) = (Host(slotRow)[s], Host(ids)[s], Host(weights)[s]);
            rows = Math.Max(rows, row + 1);
            (_index[s], _slotWeights[s]) = row >= 0 ? (row, w) : (0, 0f);
            if (row < 0 && e >= combine.FirstConst)
            {
                _constWeights[(s / topK * c) + e - combine.FirstConst] += w;
            }
            else if (row < 0 && e >= combine.FirstCopy)
            {
                _copyWeights[s / topK] += w;
            }
        }

        RequireLength(yPermuted, (long)rows * hidden, nameof(yPermuted));
        var form = new CombineForm(topK, hidden, c, combine.CopyExperts > 0, rows > 0, accumulate);
        if (form is { Experts: false, Copy: false, Constants: 0, Accumulate: false })
        {
            // Every slot dropped or a zero expert: nothing to combine, y = 0.
            new Span<float>(Host(y), tokens * hidden).Clear();
            return;
        }

        var session = Cached(form, () => CombineGraph(form));
        var inputs = new List<OnnxTensor>();
        fixed (long* index = _index)
        fixed (float* slotWeights = _slotWeights, copyWeights = _copyWeights, constWeights = _constWeights)
        {
            if (form.Experts)
            {
                inputs.Add(OnnxTensor.Of(Host(yPermuted), rows, hidden));
                inputs.Add(OnnxTensor.Of(index, slots));
                inputs.Add(OnnxTensor.Of(slotWeights, slots, 1));
            }

            if (form.Copy)
            {
                inputs.Add(OnnxTensor.Of(Host(x), tokens, hidden));
                inputs.Add(OnnxTensor.Of(copyWeights, tokens, 1));
            }

            if (c > 0)
            {
                inputs.Add(OnnxTensor.Of(constWeights, tokens, c));
                inputs.Add(OnnxTensor.Of(Host(constants), c, hidden));
            }

            var output = OnnxTensor.Of(Host(y), tokens, hidden);
            if (accumulate)
            {
                inputs.Add(output);
            }

            session.Run(inputs.ToArray(), [output]);
        }
    }

    /// <summary>ReferenceOps.DispatchPlan into the device's offsets and slot rows; returns the rows kept.</summary>
    private static int Plan(int* ids, int slots, int ffnExperts, int capacity, int* offsets, int* slotRow)
    {
        var next = new int[ffnExperts];
        for (var s = 0; s < slots; s++)
        {
            if ((uint)ids[s] < (uint)ffnExperts)
            {
                next[ids[s]]++;
            }
        }

        offsets[0] = 0;
        for (var e = 0; e < ffnExperts; e++)
        {
            offsets[e + 1] = offsets[e] + Math.Min(next[e], capacity);
            next[e] = offsets[e];
        }

        for (var s = 0; s < slots; s++)
        {
            var e = ids[s];
            slotRow[s] = (uint)e < (uint)ffnExperts && next[e] < offsets[e + 1] ? next[e]++ : -1;
        }

        return offsets[ffnExperts];
    }

    private static OnnxModel GateGraph(OnnxWeights router, GateSpec spec, bool bias)
    {
        var model = new OnnxModel();
        var x = model.Input("x", OnnxType.Float, OnnxModel.Tokens, router.K);
        var logitBias = bias ? model.Input("logit_bias", OnnxType.Float, OnnxModel.Tokens, spec.Experts) : null;
        var (ids, weights) = RouterGraph.Add(model, router.Products[0], x, logitBias, spec);
        model.Output(model.Node("Cast", [ids], "ids", attributes: ("to", (long)OnnxType.Int32)), OnnxType.Int32, OnnxModel.Tokens, spec.TopK);
        model.Output(model.Node("Identity", [weights], "weights"), OnnxType.Float, OnnxModel.Tokens, spec.TopK);
        return model;
    }

    /// <summary>y (+)= Σ_slot w·yp[row] + w_copy·x + W_const·constants, each term present only where the batch has it.</summary>
    private static OnnxModel CombineGraph(CombineForm form)
    {
        var model = new OnnxModel();
        var terms = new List<string>();
        if (form.Experts)
        {
            var yp = model.Input("y_permuted", OnnxType.Float, OnnxModel.Rows, form.Hidden);
            var row = model.Input("slot_row", OnnxType.Int64, OnnxModel.Slots);
            var w = model.Input("slot_weight", OnnxType.Float, OnnxModel.Slots, 1);
            var weighted = model.Node("Mul", [model.Node("Gather", [yp, row], attributes: ("axis", 0L)), w]);
            var perToken = model.Node("Reshape", [weighted, model.Longs(-1, form.TopK, form.Hidden)]);
            terms.Add(model.Node("ReduceSum", [perToken, model.Longs(1)], attributes: ("keepdims", 0L)));
        }

        if (form.Copy)
        {
            var x = model.Input("x", OnnxType.Float, OnnxModel.Tokens, form.Hidden);
            terms.Add(model.Node("Mul", [x, model.Input("copy_weight", OnnxType.Float, OnnxModel.Tokens, 1)]));
        }

        if (form.Constants > 0)
        {
            var w = model.Input("const_weight", OnnxType.Float, OnnxModel.Tokens, form.Constants);
            terms.Add(model.Node("MatMul", [w, model.Input("constants", OnnxType.Float, form.Constants, form.Hidden)]));
        }

        if (form.Accumulate)
        {
            terms.Add(model.Input("y0", OnnxType.Float, OnnxModel.Tokens, form.Hidden));
        }

        var y = terms.Count == 1 ? model.Node("Identity", [terms[0]]) : model.Node("Sum", [.. terms]);
        model.Output(y, OnnxType.Float, OnnxModel.Tokens, form.Hidden);
        return model;
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = GC.AllocateArray<T>(length, pinned: true);
        }
    }

    /// <summary>Which terms a combine graph has: one session each.</summary>
    private readonly record struct CombineForm(int TopK, int Hidden, int Constants, bool Copy, bool Experts, bool Accumulate);
}

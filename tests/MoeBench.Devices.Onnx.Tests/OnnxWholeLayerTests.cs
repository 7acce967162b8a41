using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Devices.Layers;
using MoeBench.Devices.Tests;
using MoeBench.Devices.Tests.Layers;

namespace MoeBench.Devices.Onnx.Tests;

/// <summary>
/// The whole layer as one ONNX graph — the com.microsoft::MoE contrib op where it fits, the explicit graph otherwise —
/// against the op-by-op form on the same device and against the float64 reference: plain, shared-expert and
/// group-limited layers, a capacity that drops rows, zero experts and quantized experts.
/// </summary>
[Collection(SharedOnnxDevice.Name)]
public sealed class OnnxWholeLayerTests(OnnxFixture fixture)
{
    /// <summary>Small, odd-sized and group-limited: sigmoid routing over 4 groups of 3 experts, the best 2 kept, and a shared expert.</summary>
    private static readonly ModelConfig Grouped = new(
        "grouped", "Grouped", Hidden: 6 * 16 + 7, ExpertFfn: 33, Experts: 12, TopK: 3, SharedExperts: 1, SharedFfn: 23,
        Layers: 1, MoeLayers: 1, Heads: 1, KvHeads: 1, Vocab: 1, RoutingScore.Sigmoid, Renormalize: true,
        RoutedScale: 1.5, Groups: 4, TopKGroups: 2);

    [Theory]
    [InlineData("mixtral-8x7b@1/32", 7, "uniform", 0, 0, ContribMoeLayerGraph.Form)]
    [InlineData("deepseek-v2-lite@1/16", 7, "uniform", 0, 0, ContribMoeLayerGraph.Form)]
    [InlineData("olmoe-1b-7b@1/16", 33, "zipf:1.2", 1.0, 0, ExplicitLayerGraph.Form)]
    [InlineData("grouped", 13, "uniform", 0, 0, ExplicitLayerGraph.Form)]
    [InlineData("mixtral-8x7b@1/32", 9, "uniform", 0, 2, ExplicitLayerGraph.Form)]
    public void The_whole_graph_matches_the_op_by_op_form_and_the_reference(
        string model, int tokens, string routing, double capacityFactor, int zeroExperts, string form)
    {
        var spec = new MoeLayerSpec(model == Grouped.Id ? Grouped : ModelZoo.Get(model), tokens, capacityFactor, zeroExperts);

        var (whole, ops, expected, context) = BothForms(fixture.Device, spec, routing, seed: tokens);

        Assert.Equal(form, whole.Form);

        TensorAssert.Close(whole.Output, expected, $"{context}, whole graph vs float64");
        TensorAssert.Close(ops.Output, expected, $"{context}, ops vs float64");
        TensorAssert.Close(whole.Output, Widen.ToDouble(ops.Output), $"{context}, whole graph vs ops");
        TensorAssert.Exact(whole.Assignment, ops.Assignment, $"{context}, expert ids");
        TensorAssert.Exact(whole.RowsPerExpert, ops.RowsPerExpert, $"{context}, rows per expert");
    }

    [Fact]
    public void Quantized_experts_run_whole_in_their_formats()
    {
        var m = ModelZoo.Get("olmoe-1b-7b@1/16");
        var formats = Enumerable.Range(0, m.Experts).Select(e => e % 3 == 0 ? WeightFormat.I8 : e % 3 == 1 ? WeightFormat.I4(32) : WeightFormat.BF16).ToArray();
        var spec = new MoeLayerSpec(m, 7, Precision: new LayerPrecision(formats, WeightFormat.BF16));

        var (whole, ops, expected, context) = BothForms(fixture.Device, spec, "uniform", seed: 3);

        Assert.Equal(ExplicitLayerGraph.Form, whole.Form);
        TensorAssert.Close(whole.Output, expected, $"{context}, whole graph vs float64");
        TensorAssert.Close(whole.Output, Widen.ToDouble(ops.Output), $"{context}, whole graph vs ops");
    }

    [Theory]
    [InlineData("mixtral-8x7b@1/32", 5)]
    [InlineData("deepseek-v2-lite@1/16", 9)]
    public void The_contrib_op_and_the_explicit_graph_compute_the_same_layer(string model, int tokens)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get(model), tokens);
        var c = LayerCase.Build(spec, "uniform", tokens);
        using var explicitDevice = new OnnxBackend().Pin("cpu+layer=explicit").Open!();

        var contrib = Forward(fixture.Device, spec, c, wholeLayer: true);
        var graph = Forward(explicitDevice, spec, c, wholeLayer: true);

        Assert.Equal(ContribMoeLayerGraph.Form, contrib.Form);
        Assert.Equal(ExplicitLayerGraph.Form, graph.Form);
        TensorAssert.Close(contrib.Output, Widen.ToDouble(graph.Output), $"{model} tokens {tokens}, contrib MoE vs explicit graph");
        TensorAssert.Exact(contrib.Assignment, graph.Assignment, $"{model} tokens {tokens}, expert ids");
    }

    [Fact]
    public void Layer_ops_in_the_settings_keeps_the_op_by_op_form()
    {
        var spec = new MoeLayerSpec(ModelZoo.Get("mixtral-8x7b@1/32"), 3);
        var c = LayerCase.Build(spec, "uniform", 2);
        using var opsDevice = new OnnxBackend().Pin("cpu+layer=ops").Open!();

        var run = Forward(opsDevice, spec, c, wholeLayer: true);

        Assert.Equal("ops", run.Form);
        TensorAssert.Close(run.Output, ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs), "layer=ops");
    }

    [Fact]
    public void Copy_and_constant_experts_keep_the_op_by_op_form_and_say_why()
    {
        var spec = new MoeLayerSpec(ModelZoo.Get("mixtral-8x7b@1/32"), 5, CopyExperts: 1, ConstExperts: 1);
        var c = LayerCase.Build(spec, "uniform", 1);

        using var executor = new MoeLayerExecutor(fixture.Device, spec, c.Weights, c.Inputs);
        executor.Forward();

        Assert.Equal("ops", executor.Form);
        Assert.Contains("copy and constant experts", ((IWholeLayerKernels)fixture.Device.Kernels).Unsupported(spec), StringComparison.Ordinal);
        TensorAssert.Close(executor.ReadOutput(), ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs), "copy/const layer, ops");
    }

    [Fact]
    public void A_forward_over_fewer_tokens_matches_the_reference_of_those_tokens()
    {
        var spec = new MoeLayerSpec(ModelZoo.Get("mixtral-8x7b@1/32"), 9);
        var c = LayerCase.Build(spec, "uniform", 4);
        using var executor = new MoeLayerExecutor(fixture.Device, spec, c.Weights, c.Inputs);

        executor.Forward(tokens: 4);

        var h = spec.Model.Hidden;
        var few = spec with { Tokens = 4 };
        var inputs = new MoeLayerInputs(c.Inputs.X[..(4 * h)], c.Inputs.LogitBias[..(4 * spec.RouterExperts)], c.Inputs.Assignment[..(4 * spec.Model.TopK)]);
        TensorAssert.Close(executor.ReadOutput().AsSpan(0, 4 * h), ReferenceMoeLayer.Forward(few, c.Weights, inputs), "4 of 9 tokens, whole graph");
    }

    private static (Result Whole, Result Ops, double[] Expected, string Context) BothForms(IDevice device, MoeLayerSpec spec, string routing, int seed)
    {
        var c = LayerCase.Build(spec, routing, seed);
        var context = $"{spec.Model.Id} tokens {spec.Tokens} {routing} cf {spec.CapacityFactor} zero {spec.ZeroExperts} seed {seed}";
        var whole = Forward(device, spec, c, wholeLayer: true);
        var ops = Forward(device, spec, c, wholeLayer: false);
        Assert.Equal("ops", ops.Form);
        return (whole, ops, ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs), context);
    }

    private static Result Forward(IDevice device, MoeLayerSpec spec, LayerCase c, bool wholeLayer)
    {
        using var executor = new MoeLayerExecutor(device, spec, c.Weights, c.Inputs, wholeLayer);
        executor.Forward();
        return new Result(executor.Form, executor.ReadOutput(), executor.ReadAssignment(), executor.ReadRowsPerExpert());
    }

    private sealed record Result(string Form, float[] Output, int[] Assignment, int[] RowsPerExpert);
}

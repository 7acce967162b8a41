using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Conformance;

/// <summary>
/// Router, dispatch and combine against their float64 references, with skewed routing so some experts get no token
/// (empty groups) and a capacity that drops the latest tokens.
/// </summary>
public abstract partial class DeviceConformanceTests
{
    private const int Tokens = 13;

    [Theory]
    [InlineData(RoutingScore.Softmax, 12, 4, 1, 1)]
    [InlineData(RoutingScore.Sigmoid, 16, 4, 4, 2)]
    public void Gate_matches_the_float64_reference(RoutingScore score, int experts, int topK, int groups, int topKGroups)
    {
        if (Device is not { } device)
        {
            return;
        }

        var spec = new GateSpec(experts, topK, score, Renormalize: true, RoutedScale: 2.5, groups, topKGroups);
        var seed = HashCode.Combine(experts, topK, groups);
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), Tokens * Odd);
        // Logits of unit scale: far enough apart that fp32 and fp64 rank them alike.
        var router = SeededInputs.Normal(SeededInputs.For(seed, "router"), Odd * experts, 1 / MathF.Sqrt(Odd));
        using var d = new DeviceTensors(device);
        var ids = d.Allocate<int>(Tokens * topK);
        var weights = d.Allocate<float>(Tokens * topK);

        if (Unsupported(device, OpKind.Gate, DType.F32, () => d.Kernels.Gate(d.Upload(x), d.Weights(router, 1, Odd, experts), null, spec, Tokens, ids, weights)))
        {
            return;
        }

        var (refIds, refWeights) = ReferenceOps.Gate(Widen.ToDouble(x), Widen.ToDouble(router), default, spec, Tokens, Odd);
        var context = $"seed {seed}, gate {Tokens}×{Odd} → {experts} top-{topK} {score}";
        TensorAssert.Exact(d.Read(ids), refIds, $"{context}, expert ids");
        TensorAssert.Close(d.Read(weights), refWeights, context);
    }

    [Theory]
    [InlineData(8, 2, 2, 0)]
    [InlineData(8, 0, 3, 3)]
    public void Permute_matches_the_dispatch_plan(int ffnExperts, int zeroExperts, int topK, int capacity)
    {
        if (Device is not { } device)
        {
            return;
        }

        var cap = capacity == 0 ? int.MaxValue : capacity;
        var seed = HashCode.Combine(ffnExperts, zeroExperts, topK, capacity);
        var ids = LoadDistribution.Parse("zipf:1.5").Sample(Tokens, ffnExperts + zeroExperts, topK, SeededInputs.For(seed, "ids"));
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), Tokens * Odd);
        using var d = new DeviceTensors(device);
        var xp = d.Allocate<float>(Tokens * topK * Odd);
        var offsets = d.Allocate<int>(ffnExperts + 1);
        var slotRow = d.Allocate<int>(Tokens * topK);

        if (Unsupported(device, OpKind.Permute, DType.F32, () => d.Kernels.Permute(d.Upload(x), d.Upload(ids), Tokens, topK, Odd, ffnExperts, cap, xp, offsets, slotRow)))
        {
            return;
        }

        var (refOffsets, refSlotRow) = ReferenceOps.DispatchPlan(ids, ffnExperts, cap);
        var context = $"seed {seed}, permute {Tokens}×{Odd}, {ffnExperts}+{zeroExperts} experts top-{topK} capacity {capacity}";
        TensorAssert.Exact(d.Read(offsets), refOffsets, $"{context}, offsets");
        TensorAssert.Exact(d.Read(slotRow), refSlotRow, $"{context}, slot rows");
        var rows = refOffsets[^1];
        TensorAssert.Close(d.Read(xp).AsSpan(0, rows * Odd), ReferenceOps.Permute(Widen.ToDouble(x), refSlotRow, rows, topK, Odd), context);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(4, true)]
    public void Unpermute_matches_the_float64_reference(int capacity, bool accumulate)
    {
        if (Device is not { } device)
        {
            return;
        }

        const int TopK = 3;
        var combine = new CombineSpec(8, ZeroExperts: 1, CopyExperts: 1, ConstExperts: 1);
        var seed = HashCode.Combine(capacity, accumulate);
        var ids = new UniformLoad().Sample(Tokens, combine.TotalExperts, TopK, SeededInputs.For(seed, "ids"));
        var (_, slotRow) = ReferenceOps.DispatchPlan(ids, combine.FfnExperts, capacity == 0 ? int.MaxValue : capacity);
        var rows = slotRow.Count(r => r >= 0);
        var yp = SeededInputs.Normal(SeededInputs.For(seed, "yp"), rows * Odd);
        var weights = SeededInputs.Uniform(SeededInputs.For(seed, "w"), Tokens * TopK, 0.1f, 1f);
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), Tokens * Odd);
        var constants = SeededInputs.Normal(SeededInputs.For(seed, "const"), Odd);
        // Without accumulation y's old contents must be overwritten, so make them loud.
        var y0 = SeededInputs.Normal(SeededInputs.For(seed, "y0"), Tokens * Odd, accumulate ? 1f : 1e3f);
        using var d = new DeviceTensors(device);
        var y = d.Upload(y0);

        if (Unsupported(device, OpKind.Unpermute, DType.F32, () => d.Kernels.Unpermute(
            d.Upload(yp), d.Upload(slotRow), d.Upload(ids), d.Upload(weights), d.Upload(x), d.Upload(constants), combine, Tokens, TopK, Odd, y, accumulate)))
        {
            return;
        }

        var expected = ReferenceOps.Unpermute(
            Widen.ToDouble(yp), slotRow, ids, Widen.ToDouble(weights), Widen.ToDouble(x), Widen.ToDouble(constants), combine,
            Tokens, TopK, Odd, accumulate ? Widen.ToDouble(y0) : default);
        TensorAssert.Close(d.Read(y), expected, $"seed {seed}, unpermute capacity {capacity} accumulate {accumulate}");
    }
}

using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Devices.Tests.Cpu;

[Collection(SharedCpuDevice.Name)]
public sealed class UnpermuteKernelTests(CpuDeviceFixture fixture)
{
    [Theory]
    // tokens, hidden, FFN experts, zero, copy, const experts, top-k, capacity (0 = dropless), accumulate, seed
    [InlineData(1, 7, 8, 0, 0, 0, 2, 0, false, 1)]
    [InlineData(7, 33, 8, 0, 0, 0, 2, 0, true, 2)]
    [InlineData(33, 6 * 16 + 7, 16, 0, 0, 0, 3, 4, false, 3)]
    [InlineData(33, 33, 8, 1, 2, 2, 3, 0, false, 4)]
    [InlineData(33, 6 * 16 + 7, 8, 1, 2, 2, 3, 0, true, 5)]
    [InlineData(7, 7, 4, 2, 1, 1, 2, 2, true, 6)]
    [InlineData(33, 17, 6, 0, 0, 3, 4, 3, false, 7)]
    [InlineData(1, 6 * 16 + 7, 2, 1, 1, 1, 4, 0, true, 8)]
    // Large enough (> 128 KiB touched) for CpuRows to split the rows over threads.
    [InlineData(257, 6 * 16 + 7, 16, 1, 1, 1, 3, 0, true, 9)]
    [InlineData(257, 6 * 16 + 7, 8, 0, 0, 0, 2, 40, false, 10)]
    public void Unpermute_matches_the_float64_reference(
        int tokens, int hidden, int ffnExperts, int zero, int copy, int constant, int topK, int capacity, bool accumulate, int seed)
    {
        var combine = new CombineSpec(ffnExperts, zero, copy, constant);
        var context = $"seed {seed}, {tokens} tokens × {hidden}, experts {combine} top-{topK} cap {capacity} accumulate {accumulate}";
        var ids = new UniformLoad().Sample(tokens, combine.TotalExperts, topK, SeededInputs.For(seed, "ids"));
        var (_, slotRow) = ReferenceOps.DispatchPlan(ids, ffnExperts, capacity == 0 ? int.MaxValue : capacity);
        var rows = slotRow.Count(r => r >= 0);
        var yp = SeededInputs.Normal(SeededInputs.For(seed, "yp"), Math.Max(rows, 1) * hidden);
        var weights = SeededInputs.Uniform(SeededInputs.For(seed, "w"), tokens * topK, 0.1f, 1f);
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), tokens * hidden);
        var constants = SeededInputs.Normal(SeededInputs.For(seed, "const"), Math.Max(constant, 1) * hidden);
        // Accumulating adds to what y holds; otherwise y's old contents must be overwritten, so make them loud.
        var y0 = SeededInputs.Normal(SeededInputs.For(seed, "y0"), tokens * hidden, accumulate ? 1f : 1e3f);
        using var d = new DeviceTensors(fixture.Device);
        var y = d.Upload(y0);

        d.Kernels.Unpermute(
            d.Upload(yp), d.Upload(slotRow), d.Upload(ids), d.Upload(weights), d.Upload(x), d.Upload(constants), combine,
            tokens, topK, hidden, y, accumulate);

        var expected = ReferenceOps.Unpermute(
            Widen.ToDouble(yp), slotRow, ids, Widen.ToDouble(weights), Widen.ToDouble(x), Widen.ToDouble(constants), combine,
            tokens, topK, hidden, accumulate ? Widen.ToDouble(y0) : default);
        TensorAssert.Close(d.Read(y), expected, context);
    }

    [Fact]
    public void Zero_copy_and_constant_experts_contribute_nothing_the_input_and_their_vector()
    {
        // Hand-made: FFN 0–1, zero 2, copy 3, const 4–5; token 0 zero + copy, token 1 both constants, token 2 FFN 1 + copy.
        var combine = new CombineSpec(2, ZeroExperts: 1, CopyExperts: 1, ConstExperts: 2);
        int[] ids = [2, 3, 4, 5, 1, 3];
        int[] slotRow = [-1, -1, -1, -1, 0, -1];
        using var d = new DeviceTensors(fixture.Device);
        var y = d.Allocate<float>(6);

        d.Kernels.Unpermute(
            d.Upload([7f, 8f]), d.Upload(slotRow), d.Upload(ids), d.Upload([0.5f, 0.25f, 0.5f, 2f, 3f, 0.5f]),
            d.Upload([1f, 2f, 3f, 4f, 5f, 6f]), d.Upload([10f, 20f, 30f, 40f]), combine, 3, 2, 2, y, accumulate: false);

        Assert.Equal([0.25f, 0.5f, 65f, 90f, 23.5f, 27f], d.Read(y));
    }
}

using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Devices.Tests.Cpu;

[Collection(SharedCpuDevice.Name)]
public sealed class PermuteKernelTests(CpuDeviceFixture fixture)
{
    private const float Untouched = -12345f;

    // Shapes cover one token (most experts idle), ids of zero-computation experts (never dispatched), hot routing
    // past a capacity (latest tokens dropped) and hidden sizes with vector tails.
    [Theory]
    // tokens, hidden, FFN experts, zero-computation experts, top-k, capacity (0 = dropless), routing, seed
    [InlineData(1, 7, 8, 0, 2, 0, "uniform", 1)]
    [InlineData(7, 33, 16, 0, 2, 0, "uniform", 2)]
    [InlineData(33, 6 * 16 + 7, 8, 2, 3, 0, "zipf:1.2", 3)]
    [InlineData(33, 33, 8, 0, 2, 5, "hot:1", 4)]
    [InlineData(33, 7, 60, 4, 4, 3, "zipf:1.5", 5)]
    [InlineData(7, 6 * 16 + 7, 12, 3, 3, 1, "uniform", 6)]
    [InlineData(1, 33, 8, 2, 2, 1, "hot:2", 7)]
    // Large enough (> 128 KiB touched) for CpuRows to split the rows over threads.
    [InlineData(129, 6 * 16 + 7, 16, 2, 4, 0, "uniform", 8)]
    [InlineData(257, 33, 8, 0, 4, 100, "zipf:1.5", 9)]
    public void Permute_matches_the_dispatch_plan_row_for_row(
        int tokens, int hidden, int ffnExperts, int extraExperts, int topK, int capacity, string routing, int seed)
    {
        var cap = capacity == 0 ? int.MaxValue : capacity;
        var context = $"seed {seed}, {tokens} tokens × {hidden}, {ffnExperts}+{extraExperts} experts top-{topK} cap {capacity} {routing}";
        var ids = LoadDistribution.Parse(routing).Sample(tokens, ffnExperts + extraExperts, topK, SeededInputs.For(seed, "ids"));
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), tokens * hidden);
        var slots = tokens * topK;
        using var d = new DeviceTensors(fixture.Device);
        var xp = d.Upload(Enumerable.Repeat(Untouched, slots * hidden).ToArray());
        var offsets = d.Allocate<int>(ffnExperts + 1);
        var slotRow = d.Allocate<int>(slots);

        d.Kernels.Permute(d.Upload(x), d.Upload(ids), tokens, topK, hidden, ffnExperts, cap, xp, offsets, slotRow);

        var (refOffsets, refSlotRow) = ReferenceOps.DispatchPlan(ids, ffnExperts, cap);
        TensorAssert.Exact(d.Read(offsets), refOffsets, $"{context}, offsets");
        TensorAssert.Exact(d.Read(slotRow), refSlotRow, $"{context}, slot rows");
        var rows = refOffsets[^1];
        var expected = ReferenceOps.Permute(Widen.ToDouble(x), refSlotRow, rows, topK, hidden);
        var actual = d.Read(xp);
        float Want(int i) => i < rows * hidden ? (float)expected[i] : Untouched;
        var wrong = Enumerable.Range(0, slots * hidden).FirstOrDefault(i => actual[i] != Want(i), -1);
        Assert.True(wrong < 0, $"{context}: xPermuted[{wrong / hidden}, {wrong % hidden}] = {(wrong < 0 ? 0 : actual[wrong])}, expected {(wrong < 0 ? 0 : Want(wrong))}");
    }

    [Theory]
    [InlineData(1, 8, 0, 2, 0, "uniform", 1)]
    [InlineData(33, 8, 2, 3, 0, "zipf:1.2", 3)]
    [InlineData(33, 8, 0, 2, 5, "hot:1", 4)]
    [InlineData(257, 8, 0, 4, 100, "zipf:1.5", 9)]
    public void The_dispatch_plan_alone_matches_permute_and_names_each_kept_rows_token(
        int tokens, int ffnExperts, int extraExperts, int topK, int capacity, string routing, int seed)
    {
        var cap = capacity == 0 ? int.MaxValue : capacity;
        var context = $"seed {seed}, {tokens} tokens, {ffnExperts}+{extraExperts} experts top-{topK} cap {capacity} {routing}";
        var ids = LoadDistribution.Parse(routing).Sample(tokens, ffnExperts + extraExperts, topK, SeededInputs.For(seed, "ids"));
        var slots = tokens * topK;
        using var d = new DeviceTensors(fixture.Device);
        var offsets = d.Allocate<int>(ffnExperts + 1);
        var slotRow = d.Allocate<int>(slots);
        var rowToken = d.Upload(Enumerable.Repeat(-1, slots).ToArray());
        var fused = Assert.IsAssignableFrom<IFusedExpertKernels>(d.Kernels);

        fused.PlanDispatch(d.Upload(ids), tokens, topK, ffnExperts, cap, offsets, slotRow, rowToken);

        var (refOffsets, refSlotRow) = ReferenceOps.DispatchPlan(ids, ffnExperts, cap);
        TensorAssert.Exact(d.Read(offsets), refOffsets, $"{context}, offsets");
        TensorAssert.Exact(d.Read(slotRow), refSlotRow, $"{context}, slot rows");
        var expectedTokens = Enumerable.Repeat(-1, slots).ToArray();
        for (var s = 0; s < slots; s++)
        {
            if (refSlotRow[s] >= 0)
            {
                expectedTokens[refSlotRow[s]] = s / topK;
            }
        }

        TensorAssert.Exact(d.Read(rowToken), expectedTokens, $"{context}, row tokens");
    }
}

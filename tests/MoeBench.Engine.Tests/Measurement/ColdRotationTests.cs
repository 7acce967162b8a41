using MoeBench.Core.Cases;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Measurement;

/// <summary>How many input sets a cold case rotates: by the bytes an invocation touches, within bounded memory.</summary>
public sealed class ColdRotationTests
{
    private const long Mib = 1L << 20;

    private static WorkloadContext Context(bool cold) => new(new IdleDevice(), 1, cold, 128 * Mib);

    [Fact]
    public void A_hot_case_uses_one_set()
    {
        Assert.Equal(1, Context(cold: false).SetsFor(4 * Mib, 32 * Mib));
    }

    [Fact]
    public void A_decode_case_rotates_until_its_touched_bytes_exceed_the_cold_working_set_not_its_set_bytes()
    {
        // 8 of 64 experts active: 4 MiB touched of a 16 MiB set; 128 MiB needs 32 rotations (512 MiB held).
        Assert.Equal(32, Context(cold: true).SetsFor(4 * Mib, 16 * Mib));
    }

    [Fact]
    public void Memory_held_by_the_rotation_is_bounded()
    {
        var context = Context(cold: true);

        // 32 sets of 64 MiB would hold 2 GiB; the bound is 8× the cold working set (1 GiB).
        Assert.Equal(16, context.SetsFor(4 * Mib, 64 * Mib));
        Assert.Equal(WorkloadContext.MaxSets, context.SetsFor(16, 64));
    }

    [Fact]
    public void At_least_two_sets_alternate_even_when_one_invocation_exceeds_the_working_set()
    {
        Assert.Equal(2, Context(cold: true).SetsFor(512 * Mib, 512 * Mib));
    }

    [Fact]
    public void A_decode_grouped_gemm_rotates_its_active_expert_weights_through_the_cold_working_set()
    {
        var spec = new CaseSpec(CaseLevel.Kernel, "grouped_gemm", new CaseParams(
            [new("model", "olmoe-1b-7b@1/16"), new("proj", "down"), new("tokens", 1L), new("cache", "cold")]));
        using var device = new Devices.Cpu.CpuDevice();

        // A small working set keeps the test small: sets of 64 experts × 64×128 fp32 = 2 MiB, of which one token's
        // 8 experts touch 256 KiB. Sizing by set bytes rotated 2 sets, 512 KiB: all of it in cache.
        using var workload = WorkloadCatalog.Default.For(spec).Create(spec, new WorkloadContext(device, 1, true, 4 * Mib));

        Assert.InRange(workload.Cost.Bytes, 256 * 1024, 264 * 1024); // weights, plus the token row, output and offsets
        Assert.InRange(workload.Sets * workload.Cost.Bytes, 0.9 * 4 * Mib, (4 * Mib) + workload.Cost.Bytes);
    }
}

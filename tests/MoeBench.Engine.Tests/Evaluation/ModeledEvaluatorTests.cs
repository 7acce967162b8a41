using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Devices.Modeled;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Hardware;
using MoeBench.Engine.Running;
using MoeBench.Engine.Suites;
using MoeBench.Engine.Tests.Hardware;

namespace MoeBench.Engine.Tests.Evaluation;

/// <summary>
/// A modeled device's cases are predicted from its profile by a tiered roofline plus launch and latency terms, stored
/// as modeled with the profile's hash, and never run.
/// </summary>
public sealed class ModeledEvaluatorTests
{
    private const int Seed = 7;

    // ProfileYaml: f32 100 TFLOP/s, one 80 GiB tier at 2 TB/s with 500 ns latency, 4 us launch overhead.
    private const double Peak = 100e12;
    private const double Bandwidth = 2e12;
    private const double FixedSeconds = 4e-6 + 500e-9;

    private static readonly HardwareProfile Profile = Assert.Single(HardwareProfileLoader.Parse(ProfileYaml.Text, ProfileYaml.File).Profiles);

    private static CaseSpec Case(string entry) =>
        Assert.Single(SuiteLoader.Parse($"name: t\ndevices: [x]\ncases:\n  - {entry}\n", "t.yaml").Suite!.Cases).Spec;

    private static CaseResult Predict(CaseSpec spec)
    {
        using var device = new ModeledDevice(Profile);
        var evaluator = new ModeledEvaluator(Seed);
        Assert.True(evaluator.Accepts(spec, device.Info));
        Assert.Null(evaluator.SkipReason(spec, device, device.Info));
        return evaluator.Evaluate(new EvaluationRequest(spec, device, device.Info, null), CancellationToken.None);
    }

    private static double PredictedNs(CaseResult result) => result.Metric(WellKnownMetrics.TimePerInvocation.Id)!.Value;

    [Fact]
    public void A_compute_bound_kernel_takes_its_flops_at_the_peak_plus_launch_and_latency()
    {
        var spec = Case("kernel: gemm\n    params: {m: 2048, n: 2048, k: 2048}");
        var cost = OpCatalog.Default.Cost(spec, Seed);

        var result = Predict(spec);

        Assert.True(cost.Flops / Peak > cost.Bytes / Bandwidth);
        Assert.Equal(((cost.Flops / Peak) + FixedSeconds) * 1e9, PredictedNs(result), 1e-6);
        Assert.Equal("compute", result.Metrics!.Bound);
    }

    [Fact]
    public void A_memory_bound_kernel_takes_its_bytes_at_the_tiers_bandwidth_plus_launch_and_latency()
    {
        var spec = Case("kernel: gemm\n    params: {m: 1, n: 4096, k: 4096, cache: cold}");
        var cost = OpCatalog.Default.Cost(spec, Seed);

        var result = Predict(spec);

        Assert.Equal(((cost.Bytes / Bandwidth) + FixedSeconds) * 1e9, PredictedNs(result), 1e-6);
        Assert.Equal(("memory", "hbm"), (result.Metrics!.Bound, result.Metrics.RoofTier));
    }

    [Fact]
    public void A_prediction_is_stored_as_modeled_with_the_profiles_hash_and_no_validation()
    {
        var result = Predict(Case("kernel: swiglu\n    params: {rows: 64, ffn: 1024}"));

        Assert.Equal((Provenance.Modeled, ResultStatus.Ok, ModeledEvaluator.EvaluatorName), (result.Provenance, result.Status, result.Evaluator));
        Assert.Equal(Provenance.Modeled, result.Device.Kind);
        Assert.Equal(Profile.RoofSource, result.Device.RoofSource);
        Assert.Contains(Profile.ContentHash[..12], result.Device.RoofSource, StringComparison.Ordinal);
        Assert.Null(result.RelativeError);
        Assert.Null(result.Metric(WellKnownMetrics.RelativeError.Id));
        Assert.Empty(result.SamplesNs);
        Assert.InRange(result.Metrics!.PctOfPeak, 0, 100);
    }

    [Fact]
    public void A_layer_is_the_sum_of_its_phases_each_one_kernel()
    {
        var spec = Case("layer: mixtral-8x7b@1/8\n    params: {tokens: 32}");
        var layer = OpCatalog.MoeLayer.Read(spec);
        var plan = layer.Spec(Seed);
        var phases = LayerDefinition.Phases(plan, SeededRouting.RowsPerExpert(layer.Assignment(plan, Seed), plan.Model.Experts, plan.Capacity));

        var result = Predict(spec);

        Assert.Equal(phases.Select(p => p.Name), result.Profile!.Phases.Select(p => p.Name));
        var expected = phases.Sum(p => (Math.Max(p.Cost.Flops / Peak, p.Cost.Bytes / Bandwidth) + FixedSeconds) * 1e9);
        Assert.Equal(expected, PredictedNs(result), 1e-6);
        Assert.Equal(OpCatalog.Default.Cost(spec, Seed), result.Cost);
        Assert.Equal(32 / (PredictedNs(result) * 1e-9), result.Metrics!.TokensPerSecond!.Value, 1e-6);
    }

    [Fact]
    public void A_working_set_goes_to_the_smallest_tier_it_fits_and_beyond_main_memory_spills_to_a_larger_one()
    {
        // SN40L's shape: HBM is main memory, on-chip SRAM a faster tier, DDR a larger, slower one.
        MemoryTier hbm = new("hbm", 64L << 30, 1.6e12, double.NaN), sram = new("sram", 520L << 20, 20e12, double.NaN), ddr = new("ddr", 1536L << 30, 0.2e12, double.NaN);
        MemoryTier[] tiers = [hbm, sram, ddr];

        Assert.Equal(sram, TieredRoofline.TierFor(tiers, 100e6, CacheState.Hot));
        Assert.Equal(hbm, TieredRoofline.TierFor(tiers, 100e6, CacheState.Cold));
        Assert.Equal(hbm, TieredRoofline.TierFor(tiers, 10e9, CacheState.Hot));
        Assert.Equal(ddr, TieredRoofline.TierFor(tiers, 100e9, CacheState.Cold));
        Assert.Equal(ddr, TieredRoofline.TierFor(tiers, 100e9, CacheState.Hot));
    }

    [Fact]
    public void A_working_set_in_the_larger_slower_tier_is_held_to_that_tiers_bandwidth()
    {
        var device = new DeviceInfo("modeled:t", "modeled", "v", "m", 0, [], 0, 1e15, double.NaN, "s", Provenance.Modeled)
        {
            MemoryTiers = [new("hbm", 1L << 30, 1e12, double.NaN), new("ddr", 1L << 40, 1e11, double.NaN)],
        };

        var prediction = TieredRoofline.Predict(new(0, 4e9), device, CacheState.Cold, launchSeconds: 0);

        Assert.Equal(("ddr", 4e9 / 1e11), (prediction.Tier, prediction.Seconds));
    }

    [Fact]
    public void A_profile_without_an_f32_peak_skips_its_cases_with_the_reason()
    {
        var yaml = ProfileYaml.With(4, "  - {dtype: bf16, path: mme, dense: 400 TFLOP/s, source: slides}");
        using var device = new ModeledDevice(Assert.Single(HardwareProfileLoader.Parse(yaml, ProfileYaml.File).Profiles));

        var reason = new ModeledEvaluator(Seed).SkipReason(Case("kernel: gemm\n    params: {m: 8, n: 8, k: 8}"), device, device.Info);

        Assert.Contains("no f32 peak", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Measured_devices_are_not_the_modeled_evaluators()
    {
        var measured = new DeviceInfo("cpu", "cpu", "v", "m", 2, [], 0, 1e11, 1e10, "s", Provenance.Measured);

        Assert.False(new ModeledEvaluator(Seed).Accepts(Case("kernel: gemm\n    params: {m: 8, n: 8, k: 8}"), measured));
    }

    [Fact]
    public void The_runner_predicts_every_case_of_a_modeled_device_without_running_a_kernel()
    {
        var registry = new DeviceRegistry([new ModeledBackend([Profile])]);
        var runner = new SuiteRunner(registry, new EvaluatorRegistry([new ModeledEvaluator(Seed)]));
        var results = new List<CaseResult>();
        PlannedMeasurement[] plan =
        [
            new(Case("kernel: gemm\n    params: {m: 64, n: 64, k: 64}"), Profile.DeviceId),
            new(Case("layer: mixtral-8x7b@1/8\n    params: {tokens: 4}"), Profile.DeviceId),
        ];

        runner.Run(plan, rounds: 1, results.Add, _ => { }, CancellationToken.None);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal((Provenance.Modeled, ResultStatus.Ok), (r.Provenance, r.Status)));
    }
}

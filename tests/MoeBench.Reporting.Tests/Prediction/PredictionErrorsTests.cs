using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Prediction;
using MoeBench.Reporting.Tests.Charts;

namespace MoeBench.Reporting.Tests.Prediction;

/// <summary>A modeled twin's predictions pair with its measured device's results case by case, never with another identity's.</summary>
public sealed class PredictionErrorsTests
{
    private static readonly DeviceInfo Cpu = SyntheticResults.Cpu;

    private static readonly CaseSpec[] Cases =
        [.. new[] { 64, 128, 256, 512 }.Select(m => SyntheticResults.Kernel("gemm", ("m", (long)m), ("n", 256L), ("k", 256L)))];

    private static DeviceInfo Twin(string id, DeviceInfo of) =>
        new(id, "modeled", "AMD", of.Model, 0, [], 0, 1e11, 1e10, "profile hardware/x.yaml sha256:0123456789ab", Provenance.Modeled,
            $"cpu profile, launch 1 us; {new TwinOf(of.Id, of.IdentityKey).Text}");

    private static CaseResult Predicted(CaseSpec spec, DeviceInfo device, double ns) =>
        CaseResult.FromMetrics(spec, device, Provenance.Modeled, default, 1, [MetricValue.Of(WellKnownMetrics.TimePerInvocation, ns)], "modeled");

    private static CaseResult Measured(CaseSpec spec, DeviceInfo device, double ns) => SyntheticResults.Ok(spec, device, default, ns);

    [Fact]
    public void Each_case_gets_its_relative_error_and_the_twin_the_median()
    {
        var twin = Twin("modeled:this-cpu", Cpu);
        // Predictions off by 10%, 20%, 40% and 5% against measured medians of 1000 ns (the synthetic samples scatter ±2%).
        double[] factors = [1.1, 0.8, 1.4, 1.05];
        List<CaseResult> results = [.. Cases.Select(c => Measured(c, Cpu, 1000))];
        results.AddRange(Cases.Select((c, i) => Predicted(c, twin, factors[i] * results[i].Statistics!.MedianNs)));

        var twinErrors = Assert.Single(PredictionErrors.Of(results));

        Assert.Equal(("modeled:this-cpu", "cpu"), (twinErrors.Modeled, twinErrors.Measured));
        Assert.Equal(4, twinErrors.Cases.Count);
        var byCase = twinErrors.Cases.ToDictionary(c => c.CaseId);
        for (var i = 0; i < Cases.Length; i++)
        {
            Assert.Equal(Math.Abs(factors[i] - 1), byCase[Cases[i].Id].Error, 1e-12);
        }

        Assert.Equal((0.1 + 0.2) / 2, twinErrors.MedianError, 1e-12);
        Assert.Equal(0.85, twinErrors.MedianAccuracy, 1e-12);
    }

    [Fact]
    public void A_twin_of_another_identity_or_device_pairs_with_nothing()
    {
        var otherCpu = Cpu with { Model = "AMD EPYC (Zen 3), 2 cores" };
        var results = new List<CaseResult>
        {
            Measured(Cases[0], Cpu, 1000),
            Measured(Cases[0], SyntheticResults.CpuBlas, 900),
            Predicted(Cases[0], Twin("modeled:zen3", otherCpu), 1000),
            Predicted(Cases[0], Twin("modeled:blas", SyntheticResults.CpuBlas with { Model = "other" }), 1000),
        };

        Assert.Empty(PredictionErrors.Of(results));
    }

    [Fact]
    public void Modeled_devices_without_a_twin_and_cases_measured_only_are_left_out()
    {
        var twin = Twin("modeled:this-cpu", Cpu);
        var h100 = new DeviceInfo("modeled:h100-sxm", "modeled", "NVIDIA", "H100", 0, [], 0, 66.9e12, 3.35e12, "profile", Provenance.Modeled, "gpu profile, launch 5 us");
        var results = new List<CaseResult>
        {
            Measured(Cases[0], Cpu, 1000),
            Measured(Cases[1], Cpu, 1000),
            Predicted(Cases[0], twin, 1000),
            Predicted(Cases[0], h100, 3),
        };

        var only = Assert.Single(PredictionErrors.Of(results));

        Assert.Equal(Cases[0].Id, Assert.Single(only.Cases).CaseId);
    }
}

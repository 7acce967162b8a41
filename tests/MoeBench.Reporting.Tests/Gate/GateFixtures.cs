using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Tests.Gate;

/// <summary>A hand-made report with one case of each kind, and values that would show culture or escaping bugs.</summary>
internal static class GateFixtures
{
    public static CaseComparison Regressed { get; } = new(
        "aaaa000011112222", "grouped_gemm model=mixtral-8x7b@1/8 proj=up tokens=16", "grouped_gemm", "cpu", "k1",
        Verdict.Regressed, "+10.2% worse (CI +8.1%..+12.0%), q=2.1E-08, beyond min effect +3.0% and k x history noise +4.4%",
        new SideSummary(1_234_567.5, 60, 1, 0.021), new SideSummary(1_360_123.25, 58, 1, 0.024),
        new RatioEstimate(1.1017, 1.0812, 1.1204), new RatioEstimate(1.1021, 1.0815, 1.1208), 1.5e-9, 2.1e-8, 0.0104, 20, 0.03, 0.044, []);

    public static CaseComparison Noisy { get; } = new(
        "bbbb000011112222", "gate model=olmoe|x <&> tokens=512", "gate", "cpu", "k1",
        Verdict.Noisy, "significant (q=0.004) but not confirmed", new SideSummary(5_250.5, 30, 1, 0.08), new SideSummary(5_800.25, 31, 1, 0.09),
        new RatioEstimate(1.105, 0.98, 1.21), new RatioEstimate(1.09, 0.97, 1.2), 0.0008, 0.004, 0.031, 20, 0.03, 0.13, []);

    public static CaseComparison Unchanged { get; } = new(
        "cccc000011112222", "swiglu ffn=1792 rows=1024", "swiglu", "cpu", "k1",
        Verdict.Unchanged, "+0.4% worse (CI -0.8%..+1.6%), q=0.93: within the bar +12.0%", new SideSummary(88.5, 100, 1, 0.03), new SideSummary(88.875, 100, 1, 0.03),
        new RatioEstimate(1.004, 0.992, 1.016), new RatioEstimate(1.003, 0.991, 1.015), 0.61, 0.93, 0.028, 20, 0.03, 0.12, []);

    /// <summary>A layer case whose change sits in its expert GEMMs, as its phase profiles show.</summary>
    public static CaseComparison RegressedLayer { get; } = Regressed with
    {
        CaseId = "abab000011112222",
        CaseLabel = "olmoe-1b-7b@1/4 tokens=128",
        CaseName = "olmoe-1b-7b@1/4",
        Phases =
        [
            new PhaseChange("experts_up", true, 1_000_000, 1_300_000),
            new PhaseChange("experts_down", true, 500_000, 640_000),
            new PhaseChange("gate", false, 50_000, 52_000),
        ],
    };

    public static CaseComparison New { get; } = new(
        "dddd000011112222", "rmsnorm hidden=4096 rows=512", "rmsnorm", "cpu", "k1",
        Verdict.New, "in the candidate only", null, new SideSummary(42_000.5, 20, 1, 0.05), null, null, null, null, null, 0, 0, null, []);

    public static CaseComparison Missing { get; } = New with { CaseId = "eeee000011112222", CaseLabel = "unpermute tokens=512", CaseName = "unpermute", Verdict = Verdict.Missing, Reason = "in the baseline only", Candidate = null, Baseline = New.Candidate };

    public static CaseComparison Failed { get; } = New with { CaseId = "ffff000011112222", CaseLabel = "permute routing=hot:2", CaseName = "permute", Verdict = Verdict.Failed, Reason = "candidate failed validation: output differs", Candidate = null };

    public static ComparisonReport Report(params CaseComparison[] cases) => new(
        ComparisonOptions.Default,
        "branch:main",
        [41, 40],
        "latest",
        [42],
        new CommonShift(1.0412, 40, true, "+4.1% over 40 of 46 cases, removed before judging each case"),
        cases.Length > 0 ? cases : [Regressed, Failed, Noisy, Missing, New, Unchanged]);
}

namespace MoeBench.Reporting.Comparison;

/// <summary>The outcome for one (case, device) of a comparison.</summary>
public enum Verdict
{
    /// <summary>Confirmed worse: significant, beyond the minimum effect and beyond run-to-run noise.</summary>
    Regressed,

    /// <summary>Confirmed better, by the same rule mirrored.</summary>
    Improved,

    /// <summary>Not distinguishable from noise.</summary>
    Unchanged,

    /// <summary>Evidence is ambiguous (significant but not confirmed, too few samples, huge spread): rerun.</summary>
    Noisy,

    /// <summary>In the candidate only.</summary>
    New,

    /// <summary>In the baseline only.</summary>
    Missing,

    /// <summary>Failed validation on either side; its numbers are never compared.</summary>
    Failed,
}

public static class VerdictNames
{
    public static string ToName(this Verdict verdict) => verdict switch
    {
        Verdict.Regressed => "regressed",
        Verdict.Improved => "improved",
        Verdict.Unchanged => "unchanged",
        Verdict.Noisy => "noisy",
        Verdict.New => "new",
        Verdict.Missing => "missing",
        Verdict.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    /// <summary>Report order, most urgent first: what a reader must look at leads.</summary>
    public static int Severity(this Verdict verdict) => verdict switch
    {
        Verdict.Regressed => 0,
        Verdict.Failed => 1,
        Verdict.Noisy => 2,
        Verdict.Missing => 3,
        Verdict.Improved => 4,
        Verdict.New => 5,
        Verdict.Unchanged => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };
}

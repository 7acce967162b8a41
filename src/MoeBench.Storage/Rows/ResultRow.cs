using System.Text;
using System.Text.Json;
using MoeBench.Core.Cases;

namespace MoeBench.Storage;

/// <summary>
/// A result flattened to columns — with its case and device — as Dapper writes and reads it; property names are
/// the SQL parameters and aliases. Optional parts (statistics, metrics, load) are all-NULL when absent, and one
/// never-NaN column of each marks its presence.
/// </summary>
internal sealed partial class ResultRow
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public string CaseId { get; set; } = "";

    public string CaseLevel { get; set; } = "";

    public string CaseName { get; set; } = "";

    public string CaseParams { get; set; } = "{}";

    public string DeviceKey { get; set; } = "";

    public string DeviceId { get; set; } = "";

    public string Backend { get; set; } = "";

    public string Vendor { get; set; } = "";

    public string Model { get; set; } = "";

    public long Cores { get; set; }

    public string Isa { get; set; } = "[]";

    public string Details { get; set; } = "";

    public long MemoryBytes { get; set; }

    public double? PeakFlopsF32 { get; set; }

    public double? PeakFlopsInteger { get; set; }

    public double? BandwidthBytesPerSecond { get; set; }

    public string RoofSource { get; set; } = "";

    public string DeviceKind { get; set; } = "";

    /// <summary>JSON of the roof lists (<see cref="RoofsJson"/>); null for results stored before migration 7.</summary>
    public string? DeviceRoofs { get; set; }

    /// <summary>Null for results stored before migration 7, all timed by the host clock around synchronisation.</summary>
    public string? DeviceTimer { get; set; }

    public string Provenance { get; set; } = "";

    public string Status { get; set; } = "";

    /// <summary>1 for an INVALID result, stored with status <c>failed</c> (migration 9 says why).</summary>
    public long Invalid { get; set; }

    public string? FailureReason { get; set; }

    public double? RelativeError { get; set; }

    public double? Flops { get; set; }

    public double? Bytes { get; set; }

    public double? IntegerFlops { get; set; }

    public long? SampleCount { get; set; }

    public double? MedianNs { get; set; }

    public double? MeanNs { get; set; }

    public double? MinNs { get; set; }

    public double? P10Ns { get; set; }

    public double? P90Ns { get; set; }

    public double? P99Ns { get; set; }

    public double? MadNs { get; set; }

    public double? CiLowerNs { get; set; }

    public double? CiUpperNs { get; set; }

    public double? TokensPerSecond { get; set; }

    public double? Gflops { get; set; }

    public double? Gbps { get; set; }

    public double? PctOfPeak { get; set; }

    public string? Bound { get; set; }

    /// <summary>Null for results stored before migration 11, all held to main memory.</summary>
    public string? RoofTier { get; set; }

    /// <summary>1 where the share of peak is above 100 (<see cref="Core.Results.Metrics.RoofExceeded"/>).</summary>
    public long RoofExceeded { get; set; }

    public long InvocationsPerSample { get; set; }

    public long Seed { get; set; }

    public string Cache { get; set; } = "";

    public double? LoadMaxOverMean { get; set; }

    public double? LoadCv { get; set; }

    public long? LoadDropped { get; set; }

    public string? LoadTokensPerExpert { get; set; }

    public string RecordedUtc { get; set; } = "";

    public byte[]? Samples { get; set; }

    public string? RoundSizes { get; set; }

    public byte[]? SampleBandwidths { get; set; }

    public string? Profile { get; set; }

    public string Evaluator { get; set; } = "";

    public static string ParamsJson(CaseParams parameters)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            parameters.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static CaseParams ParseParams(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Core.Cases.CaseParams.FromJson(document.RootElement);
    }
}

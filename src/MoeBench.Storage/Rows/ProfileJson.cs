using System.Text.Json.Serialization;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>A layer profile as stored in <c>results.profile</c>: phase objects with snake_case names, in phase order.</summary>
internal static class ProfileJson
{
    public static string? Encode(LayerProfile? profile) => profile is null
        ? null
        : RowValues.ToJson(profile.Phases.Select(p => new PhaseDto { Name = p.Name, MedianNs = p.MedianNs, Gemm = p.IsGemm }).ToArray());

    public static LayerProfile? Decode(string? json) => json is null
        ? null
        : new LayerProfile([.. RowValues.FromJson<PhaseDto[]>(json, "results.profile").Select(p => new PhaseTime(p.Name, p.MedianNs, p.Gemm))]);

    private sealed class PhaseDto
    {
        [JsonPropertyName("name")]
        public string Name { get; set; } = "";

        [JsonPropertyName("median_ns")]
        public double MedianNs { get; set; }

        [JsonPropertyName("gemm")]
        public bool Gemm { get; set; }
    }
}

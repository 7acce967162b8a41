using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MoeBench.Core.Cases;

/// <summary>
/// A fully specified unit of measurement, device aside: level, name (the op for kernels, the model id for
/// layers) and parameters. Its <see cref="Id"/> hashes the canonical JSON, so the same case lines up across
/// runs, machines and devices; changing what a case measures changes its id.
/// </summary>
public sealed record CaseSpec(CaseLevel Level, string Name, CaseParams Params)
{
    /// <summary>Sorted keys, invariant numbers, no whitespace: the form the id is computed from.</summary>
    public string CanonicalJson
    {
        get
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("level", Level.ToName());
                writer.WriteString("name", Name);
                writer.WritePropertyName("params");
                Params.WriteTo(writer);
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    /// <summary>First 16 hex digits of SHA-256 of <see cref="CanonicalJson"/>.</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson)))[..16];

    /// <summary>Human label: <c>gemm m=1024 n=1024 k=1024</c>.</summary>
    public string Label => $"{Name} {Params}";
}

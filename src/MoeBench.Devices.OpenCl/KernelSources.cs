using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// The OpenCL C sources embedded in this assembly (Kernels/*.cl, one job per file), joined into the one program every
/// device builds: common.cl first (the shared definitions), the rest by name — so a file that calls another's helper
/// sorts after it (quant_grouped_gemm_blocked.cl uses quant_weight of quant_grouped_gemm.cl and store_c4 of gemm_blocked.cl). <see cref="Sha256"/> names the program in
/// the identity and keys the binary cache.
/// </summary>
internal static class KernelSources
{
    private const string Prefix = "MoeBench.Devices.OpenCl.Kernels.";
    private const string Common = "common.cl";

    private static readonly Lazy<string> Joined = new(Join);

    public static string Text => Joined.Value;

    public static string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    /// <summary>The OpenCL C standard the kernels are written to: 1.2, no generic address space (PoCL 3.1 has none).</summary>
    public const string BuildOptions = "-cl-std=CL1.2";

    private static string Join()
    {
        var assembly = typeof(KernelSources).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .OrderBy(n => n == Prefix + Common ? 0 : 1)
            .ThenBy(n => n, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            text.Append(CultureInfo.InvariantCulture, $"// ---- {name[Prefix.Length..]}\n").Append(reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        }

        return text.ToString();
    }
}

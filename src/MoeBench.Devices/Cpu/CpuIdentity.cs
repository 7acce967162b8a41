using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MoeBench.Devices.Cpu;

/// <summary>What this host's processor is: model name, logical cores, and the vector ISA the JIT can use.</summary>
public static class CpuIdentity
{
    public static string ModelName { get; } = ReadModelName();

    public static int Cores => Environment.ProcessorCount;

    public static IReadOnlyList<string> Isa { get; } = DetectIsa();

    /// <summary>fp32 lanes the kernels use: 16 with AVX-512, 8 with AVX2, 4 otherwise.</summary>
    public static int VectorLanes => Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;

    public static long MemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Installed memory (<c>MemTotal</c> of <c>/proc/meminfo</c>), the capacity of the <c>dram</c> tier; where that file
    /// is absent, what the runtime may use (<see cref="MemoryBytes"/>).
    /// </summary>
    public static long PhysicalMemoryBytes { get; } = ReadMemTotal() ?? MemoryBytes;

    private static long? ReadMemTotal()
    {
        const string meminfo = "/proc/meminfo";
        if (!File.Exists(meminfo))
        {
            return null;
        }

        // "MemTotal:       131899012 kB"
        var line = File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is [_, var kib, "kB"] && long.TryParse(kib, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k)
            ? k * 1024
            : null;
    }

    private static string ReadModelName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        return File.Exists(cpuinfo)
            ? Describe(File.ReadLines(cpuinfo).TakeWhile(l => l.Length > 0))
            : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>
    /// The first processor's model name with its signature: vendor, family, model, stepping and microcode, from the
    /// lines of one <c>/proc/cpuinfo</c> block. A VM often reports a bare marketing name ("AMD EPYC") for several
    /// generations; the family and model tell them apart (AMD family 25 is Zen 3/Zen 4, 26 is Zen 5), and microcode
    /// changes performance too.
    /// </summary>
    public static string Describe(IEnumerable<string> cpuinfoBlock)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in cpuinfoBlock)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        var name = fields.GetValueOrDefault("model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        string Field(string key) => fields.GetValueOrDefault(key) ?? "?";
        return fields.ContainsKey("vendor_id")
            ? $"{name} ({Field("vendor_id")} family {Field("cpu family")} model {Field("model")} stepping {Field("stepping")}, microcode {Field("microcode")})"
            : name;
    }

    private static List<string> DetectIsa()
    {
        var isa = new List<string>();
        void Add(bool supported, string name)
        {
            if (supported)
            {
                isa.Add(name);
            }
        }

        Add(Avx2.IsSupported, "avx2");
        Add(Fma.IsSupported, "fma");
        Add(Avx512F.IsSupported, "avx512f");
        Add(Avx512BW.IsSupported, "avx512bw");
        Add(Avx512Vbmi.IsSupported, "avx512vbmi");
        Add(AvxVnni.IsSupported, "avxvnni");
        Add(Avx10v1.IsSupported, "avx10.1");
        Add(System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported, "neon");
        return isa;
    }
}

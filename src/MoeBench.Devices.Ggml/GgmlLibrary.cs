using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// ggml loaded from one instruction-set folder of the LLamaSharp.Backend.Cpu package, as the build copies it into
/// the output (runtimes/&lt;rid&gt;/native/&lt;variant&gt;/). Loaded once per process and never unloaded: the
/// OpenMP runtime libggml-cpu starts keeps worker threads that outlive any unload. The first successful load also
/// answers <see cref="GgmlNative"/>'s library names for the whole assembly (a DllImportResolver is set once).
/// </summary>
internal sealed unsafe class GgmlLibrary
{
    /// <summary>The package the native files come from, recorded in the device's identity.</summary>
    public const string Package = "LLamaSharp.Backend.Cpu 0.30.0";

    private static readonly Lock LoadLock = new();
    private static GgmlLibrary? _loaded;

    private readonly nint _base;
    private readonly nint _cpu;

    private GgmlLibrary(string variant, string directory, nint baseHandle, nint cpuHandle)
    {
        (Variant, Directory, _base, _cpu) = (variant, directory, baseHandle, cpuHandle);
    }

    public string Variant { get; }

    public string Directory { get; }

    /// <summary>ggml's version and the llama.cpp commit it was built from, as the library reports them.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The folder of one variant under <paramref name="runtimesRoot"/> for this process's runtime identifier.</summary>
    public static string VariantDirectory(string runtimesRoot, string variant) =>
        Path.Combine(runtimesRoot, RuntimeInformation.RuntimeIdentifier, "native", variant);

    /// <summary>The package's files as the build copies them beside the application.</summary>
    public static string DefaultRuntimesRoot => Path.Combine(AppContext.BaseDirectory, "runtimes");

    /// <summary>
    /// Loads libggml-base and libggml-cpu of <paramref name="variant"/> from <paramref name="runtimesRoot"/>; a
    /// missing folder, a file that does not load or a library whose type numbering differs from the one compiled in
    /// here is a reason, not an exception.
    /// </summary>
    public static bool TryLoad(
        string runtimesRoot,
        string variant,
        [NotNullWhen(true)] out GgmlLibrary? library,
        [NotNullWhen(false)] out string? reason)
    {
        lock (LoadLock)
        {
            var directory = VariantDirectory(runtimesRoot, variant);
            library = null;
            var basePath = Path.Combine(directory, "libggml-base.so");
            var cpuPath = Path.Combine(directory, "libggml-cpu.so");
            if (!File.Exists(basePath) || !File.Exists(cpuPath))
            {
                reason = $"ggml's {variant} build not found in {directory} (restore {Package} and build; it copies runtimes/ into the output)";
                return false;
            }

            if (_loaded is { } loaded)
            {
                // One ggml per process: the resolver already answers with it. Another folder cannot be loaded beside it.
                library = loaded.Directory == directory ? loaded : null;
                reason = library is null ? $"ggml is already loaded from {loaded.Directory}; one build per process" : null;
                return library is not null;
            }

            // libggml-cpu finds libggml-base through its RUNPATH ($ORIGIN); loading base first names the file explicitly.
            if (!NativeLibrary.TryLoad(basePath, out var baseHandle) || !NativeLibrary.TryLoad(cpuPath, out var cpuHandle))
            {
                reason = $"ggml's {variant} build in {directory} does not load (libgomp.so.1 and libstdc++.so.6 are needed)";
                return false;
            }

            library = new GgmlLibrary(variant, directory, baseHandle, cpuHandle);
            NativeLibrary.SetDllImportResolver(Assembly.GetExecutingAssembly(), library.Resolve);
            _loaded = library;
            if (library.TypeMismatch() is { } mismatch)
            {
                reason = mismatch;
                library = null;
                return false;
            }

            library.Version = $"ggml {Utf8(GgmlNative.Version())} (llama.cpp {Utf8(GgmlNative.Commit())})";
            reason = null;
            return true;
        }
    }

    private nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        GgmlNative.Base => _base,
        GgmlNative.Cpu => _cpu,
        _ => 0,
    };

    /// <summary>The enum values compiled into <see cref="GgmlType"/> must name the same types in this build.</summary>
    private string? TypeMismatch()
    {
        (GgmlType Type, string Name)[] expected =
            [(GgmlType.F32, "f32"), (GgmlType.Q4_0, "q4_0"), (GgmlType.Q8_0, "q8_0"), (GgmlType.I32, "i32"), (GgmlType.BF16, "bf16")];
        foreach (var (type, name) in expected)
        {
            var actual = Utf8(GgmlNative.TypeName(type));
            if (actual != name)
            {
                return $"ggml in {Directory} numbers its types differently (type {(int)type} is '{actual}', expected '{name}')";
            }
        }

        return null;
    }

    private static string Utf8(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? "";
}

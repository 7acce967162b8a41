using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace MoeBench.Devices.Blas;

/// <summary>
/// A loaded OpenBLAS and the entry points MoeBench calls, bound with <see cref="NativeLibrary.GetExport"/> on one
/// handle so the file name is chosen at run time and a missing library is a reason, not a crash at first call.
/// Loaded once per process and never unloaded: OpenBLAS reads its environment and starts its thread pool in its
/// load-time constructor, and unloading it with that pool alive has hung or crashed hosts (OpenBLAS issues #307,
/// #1720). The handle is therefore process-lifetime state, like a runtime-resolved [DllImport].
/// </summary>
internal sealed unsafe class OpenBlasLibrary
{
    public const string NotFound = "OpenBLAS not found (install Debian package libopenblas0 or libopenblas-dev)";

    /// <summary>The runtime package's soname first, then the unversioned development link.</summary>
    public static readonly IReadOnlyList<string> DefaultNames = ["libopenblas.so.0", "libopenblas.so"];

    // CBLAS enum values from cblas.h.
    private const int RowMajor = 101;
    private const int NoTrans = 111;

    private static readonly Lock LoadLock = new();
    private static readonly Dictionary<string, OpenBlasLibrary> Loaded = new(StringComparer.Ordinal);

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<byte*> _corename;

    // DYNAMIC_ARCH builds (Debian's among them) export these: quit forgets the kernel table, init picks one again from
    // OPENBLAS_CORETYPE, as at load. Between GEMMs that switches kernel sets in a live process; the thread pool and
    // the work buffers (sized at build time for the largest set) are untouched. Null where the build has one set.
    private readonly delegate* unmanaged<void> _dynamicQuit;
    private readonly delegate* unmanaged<void> _dynamicInit;
    private readonly nint _handle;
    private readonly Lock _callLock = new();
    private string _activeCore;

    private OpenBlasLibrary(string fileName, nint handle)
    {
        FileName = fileName;
        _handle = handle;
        _corename = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "openblas_get_corename");
        if (NativeLibrary.TryGetExport(handle, "gotoblas_dynamic_quit", out var quit)
            && NativeLibrary.TryGetExport(handle, "gotoblas_dynamic_init", out var init))
        {
            _dynamicQuit = (delegate* unmanaged<void>)quit;
            _dynamicInit = (delegate* unmanaged<void>)init;
        }

        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_sgemm");
        var config = Utf8((delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "openblas_get_config"));
        CoreName = Utf8(_corename);
        _activeCore = CoreName;

        // Read before any switch rewrites it, so the value recorded is the one the process was started with.
        InheritedCoreType = Environment.GetEnvironmentVariable(OpenBlasCoreType.Variable);

        // One OpenBLAS thread per logical core, as the managed backend uses; the library may cap it (MAX_THREADS),
        // so the count recorded is the one it reports back.
        ((delegate* unmanaged<int, void>)NativeLibrary.GetExport(handle, "openblas_set_num_threads"))(Environment.ProcessorCount);
        Threads = ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "openblas_get_num_threads"))();

        // openblas_get_config() reads "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
        var words = config.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Version = words is ["OpenBLAS", var version, ..] ? version : config;
    }

    public string FileName { get; }

    public string Version { get; }

    /// <summary>The kernel set OpenBLAS picked when it loaded (from OPENBLAS_CORETYPE or its own detection).</summary>
    public string CoreName { get; }

    public int Threads { get; }

    /// <summary>OPENBLAS_CORETYPE as the process inherited it; null where unset.</summary>
    public string? InheritedCoreType { get; }

    /// <summary>What was loaded, for an unavailable entry: version and the kernel set it picked.</summary>
    public string Summary => $"OpenBLAS {Version}, loaded with core {CoreName}";

    /// <summary>Whether this build can change kernel sets after loading (a DYNAMIC_ARCH build).</summary>
    public bool CanSwitch => _dynamicInit != null;

    /// <summary>Whether the kernel set <paramref name="core"/> can be run: compiled into this build and reachable.</summary>
    public bool Offers(string core) =>
        CanSwitch
            ? NativeLibrary.TryGetExport(_handle, "gotoblas_" + core.ToUpperInvariant(), out _)
            : string.Equals(core, CoreName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first of <paramref name="names"/> that loads and exports the OpenBLAS API.</summary>
    public static bool TryLoad(
        IReadOnlyList<string> names,
        [NotNullWhen(true)] out OpenBlasLibrary? library,
        [NotNullWhen(false)] out string? reason)
    {
        lock (LoadLock)
        {
            foreach (var name in names)
            {
                if (Loaded.TryGetValue(name, out library))
                {
                    reason = null;
                    return true;
                }
            }

            foreach (var name in names)
            {
                if (!NativeLibrary.TryLoad(name, out var handle))
                {
                    continue;
                }

                if (MissingExport(handle) is { } missing)
                {
                    // Not OpenBLAS (a reference BLAS under that name, say): no thread pool outlives it, so it can go.
                    NativeLibrary.Free(handle);
                    library = null;
                    reason = $"{name} is not a usable OpenBLAS: it does not export {missing}";
                    return false;
                }

                library = new OpenBlasLibrary(name, handle);
                Loaded[name] = library;
                reason = null;
                return true;
            }

            library = null;
            reason = NotFound;
            return false;
        }
    }

    /// <summary>
    /// C[m × n] (+)= A[m × k] · B[k × n], all row-major and dense (leading dimensions k, n, n), with the kernel set
    /// <paramref name="core"/> (one the caller has checked that the CPU runs and <see cref="Offers"/> says is here).
    /// Devices pinned to different sets share the process's one library, so each call switches to its own first.
    /// </summary>
    public void Sgemm(string core, int m, int n, int k, float* a, float* b, float* c, bool accumulate)
    {
        lock (_callLock)
        {
            if (!string.Equals(core, _activeCore, StringComparison.OrdinalIgnoreCase))
            {
                Switch(core);
            }

            _sgemm(RowMajor, NoTrans, NoTrans, m, n, k, 1f, a, k, b, n, accumulate ? 1f : 0f, c, n);
        }
    }

    /// <summary>The kernel set OpenBLAS runs now, as it reports it.</summary>
    public string ActiveCore
    {
        get
        {
            lock (_callLock)
            {
                return Utf8(_corename);
            }
        }
    }

    private void Switch(string core)
    {
        if (!CanSwitch || !NativeEnvironment.TrySet(OpenBlasCoreType.Variable, core, overwrite: true))
        {
            throw new InvalidOperationException($"OpenBLAS runs its {_activeCore} kernels and cannot switch to {core} in this build or on this OS");
        }

        _dynamicQuit();
        _dynamicInit();
        _activeCore = Utf8(_corename);

        // OpenBLAS falls back to another set, with only a warning, for a name it does not know: a run must not go on
        // measuring kernels other than the ones its identity names.
        if (!string.Equals(core, _activeCore, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"asked OpenBLAS for its {core} kernels, it runs {_activeCore}");
        }
    }

    private static string? MissingExport(nint handle)
    {
        string[] required =
            ["cblas_sgemm", "openblas_get_config", "openblas_get_corename", "openblas_set_num_threads", "openblas_get_num_threads"];
        return Array.Find(required, symbol => !NativeLibrary.TryGetExport(handle, symbol, out _));
    }

    private static string Utf8(delegate* unmanaged<byte*> function) => Marshal.PtrToStringUTF8((nint)function()) ?? "";
}

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

    private OpenBlasLibrary(string fileName, nint handle)
    {
        FileName = fileName;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_sgemm");
        var config = Utf8((delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "openblas_get_config"));
        CoreName = Utf8((delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "openblas_get_corename"));

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

    /// <summary>The kernel set OpenBLAS actually runs (after OPENBLAS_CORETYPE or its own detection).</summary>
    public string CoreName { get; }

    public int Threads { get; }

    /// <summary>What runs, for <c>DeviceInfo.Details</c>: version, kernel set and threads all change the numbers.</summary>
    public string Details => $"OpenBLAS {Version}, core {CoreName}, {Threads} threads";

    /// <summary>
    /// The first of <paramref name="names"/> that loads and exports the OpenBLAS API. Sets OPENBLAS_CORETYPE first,
    /// because OpenBLAS reads it once, when loaded.
    /// </summary>
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

            OpenBlasCoreType.ApplyBeforeLoad();
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

    /// <summary>C[m × n] (+)= A[m × k] · B[k × n], all row-major and dense (leading dimensions k, n, n).</summary>
    public void Sgemm(int m, int n, int k, float* a, float* b, float* c, bool accumulate) =>
        _sgemm(RowMajor, NoTrans, NoTrans, m, n, k, 1f, a, k, b, n, accumulate ? 1f : 0f, c, n);

    private static string? MissingExport(nint handle)
    {
        string[] required =
            ["cblas_sgemm", "openblas_get_config", "openblas_get_corename", "openblas_set_num_threads", "openblas_get_num_threads"];
        return Array.Find(required, symbol => !NativeLibrary.TryGetExport(handle, symbol, out _));
    }

    private static string Utf8(delegate* unmanaged<byte*> function) => Marshal.PtrToStringUTF8((nint)function()) ?? "";
}

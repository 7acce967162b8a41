using System.Runtime.InteropServices;
using System.Text;

namespace MoeBench.Devices.Blas;

/// <summary>
/// The C library's environment. On Unix, <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes
/// only .NET's managed copy, so a native library that calls getenv() — OpenBLAS reads OPENBLAS_CORETYPE in its
/// load-time constructor — never sees it. This writes where getenv() reads.
/// </summary>
internal static unsafe class NativeEnvironment
{
    /// <summary>
    /// libc setenv(name, value, overwrite); false where there is none (Windows) or it fails. With
    /// <paramref name="overwrite"/> false a value already in the native environment is kept.
    /// </summary>
    public static bool TrySet(string name, string value, bool overwrite)
    {
        // setenv is found in the main program's global scope (the dotnet host links libc) rather than by a file
        // name: "libc" is not a loadable name on glibc (libc.so is a linker script) and "libc.so.6" is wrong on musl.
        if (OperatingSystem.IsWindows()
            || !NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "setenv", out var export))
        {
            return false;
        }

        var setenv = (delegate* unmanaged<byte*, byte*, int, int>)export;
        fixed (byte* n = NullTerminated(name), v = NullTerminated(value))
        {
            return setenv(n, v, overwrite ? 1 : 0) == 0;
        }
    }

    private static byte[] NullTerminated(string text) => Encoding.UTF8.GetBytes(text + '\0');
}

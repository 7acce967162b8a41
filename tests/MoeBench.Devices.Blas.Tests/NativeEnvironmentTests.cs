using System.Runtime.InteropServices;

namespace MoeBench.Devices.Blas.Tests;

/// <summary>
/// The reason OPENBLAS_CORETYPE is set through libc: .NET's Environment.SetEnvironmentVariable does not reach getenv()
/// on Unix, which is where OpenBLAS reads it.
/// </summary>
public sealed unsafe class NativeEnvironmentTests
{
    [Fact]
    public void A_variable_set_natively_is_what_getenv_returns()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var name = $"MOEBENCH_NATIVE_ENV_TEST_{Environment.ProcessId}";

        Assert.True(NativeEnvironment.TrySet(name, "SkylakeX", overwrite: true));
        Assert.Equal("SkylakeX", NativeGetenv(name));
    }

    [Fact]
    public void Without_overwrite_a_native_value_is_kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var name = $"MOEBENCH_NATIVE_ENV_KEEP_{Environment.ProcessId}";
        NativeEnvironment.TrySet(name, "Haswell", overwrite: true);

        Assert.True(NativeEnvironment.TrySet(name, "SkylakeX", overwrite: false));
        Assert.Equal("Haswell", NativeGetenv(name));
    }

    [Fact]
    public void The_managed_setter_does_not_reach_getenv()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var name = $"MOEBENCH_MANAGED_ENV_TEST_{Environment.ProcessId}";
        Environment.SetEnvironmentVariable(name, "SkylakeX");

        Assert.Null(NativeGetenv(name));
    }

    private static string? NativeGetenv(string name)
    {
        var getenv = (delegate* unmanaged<byte*, byte*>)NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "getenv");
        fixed (byte* n = System.Text.Encoding.UTF8.GetBytes(name + '\0'))
        {
            return Marshal.PtrToStringUTF8((nint)getenv(n));
        }
    }
}

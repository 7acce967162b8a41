using System.Security.Cryptography;
using System.Text;
using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// The device's program and its kernels: loaded from an offline binary when one is named, else from the cache's
/// binary for this device and these sources, else built from the sources (and its binary saved to the cache).
/// </summary>
internal sealed unsafe class OpenClProgram : IDisposable
{
    private readonly CL _cl;
    private readonly Dictionary<string, nint> _kernels = [];
    private nint _program;

    private OpenClProgram(CL cl, nint program, ProgramProvenance provenance)
    {
        (_cl, _program, Provenance) = (cl, program, provenance);
    }

    public ProgramProvenance Provenance { get; }

    /// <summary>The program for <paramref name="device"/>; throws <see cref="OpenClException"/> with the build log when it does not build.</summary>
    public static OpenClProgram Load(CL cl, nint context, nint device, OpenClHardware hardware, ProgramCache cache, string? binaryPath)
    {
        var sources = KernelSources.Sha256;
        if (binaryPath is not null)
        {
            var binary = File.Exists(binaryPath)
                ? File.ReadAllBytes(binaryPath)
                : throw new FileNotFoundException($"the OpenCL program binary '{binaryPath}' does not exist", binaryPath);
            var program = FromBinary(cl, context, device, binary)
                ?? throw new OpenClException($"the OpenCL program binary '{binaryPath}' was not accepted by {hardware.Name} (built for another device or driver?)");
            return new(cl, program, new(ProgramOrigin.PrecompiledBinary, sources, Hash(binary), Path.GetFullPath(binaryPath)));
        }

        var cached = cache.PathFor(hardware, sources, KernelSources.BuildOptions);
        if (ProgramCache.TryRead(cached) is { } saved && FromBinary(cl, context, device, saved) is { } loaded)
        {
            return new(cl, loaded, new(ProgramOrigin.CachedBinary, sources, Hash(saved), cached));
        }

        var built = FromSource(cl, context, device);
        ProgramCache.TryWrite(cached, Binary(cl, built));
        return new(cl, built, new(ProgramOrigin.BuiltFromSource, sources, null, null));
    }

    /// <summary>The program's binary for its one device, as clGetProgramInfo(CL_PROGRAM_BINARIES) returns it.</summary>
    public byte[] Binary() => Binary(_cl, _program);

    /// <summary>The kernel named <paramref name="name"/>, created once.</summary>
    public nint Kernel(string name)
    {
        if (!_kernels.TryGetValue(name, out var kernel))
        {
            int code;
            var bytes = Encoding.ASCII.GetBytes(name + "\0");
            fixed (byte* n = bytes)
            {
                kernel = _cl.CreateKernel(_program, n, &code);
            }

            ClCall.Check(code, $"clCreateKernel({name})");
            _kernels[name] = kernel;
        }

        return kernel;
    }

    public void Dispose()
    {
        foreach (var kernel in _kernels.Values)
        {
            _cl.ReleaseKernel(kernel);
        }

        _kernels.Clear();
        if (_program != 0)
        {
            _cl.ReleaseProgram(_program);
            _program = 0;
        }
    }

    private static nint FromSource(CL cl, nint context, nint device)
    {
        int code;
        var source = Encoding.UTF8.GetBytes(KernelSources.Text);
        nint program;
        fixed (byte* s = source)
        {
            var strings = s;
            var length = (nuint)source.Length;
            program = cl.CreateProgramWithSource(context, 1, &strings, &length, &code);
        }

        ClCall.Check(code, "clCreateProgramWithSource");
        Build(cl, program, device);
        return program;
    }

    /// <summary>
    /// The program from <paramref name="binary"/>, or null where the driver refuses it (another device's, a stale
    /// driver's) at load or at build: a refused cached binary is rebuilt from source, a refused offline one is an error.
    /// </summary>
    private static nint? FromBinary(CL cl, nint context, nint device, byte[] binary)
    {
        int code, status;
        nint program;
        fixed (byte* b = binary)
        {
            var binaries = b;
            var length = (nuint)binary.Length;
            program = cl.CreateProgramWithBinary(context, 1, &device, &length, &binaries, &status, &code);
        }

        if (code != 0 || status != 0)
        {
            if (program != 0)
            {
                cl.ReleaseProgram(program);
            }

            return null;
        }

        try
        {
            Build(cl, program, device);
            return program;
        }
        catch (OpenClException)
        {
            return null; // Build released the program
        }
    }

    private static void Build(CL cl, nint program, nint device)
    {
        var options = Encoding.ASCII.GetBytes(KernelSources.BuildOptions + "\0");
        int code;
        fixed (byte* o = options)
        {
            code = cl.BuildProgram(program, 1, &device, o, null, null);
        }

        if (code != 0)
        {
            var log = BuildLog(cl, program, device);
            cl.ReleaseProgram(program);
            throw new OpenClException($"clBuildProgram failed with {ClCall.CodeName(code)} ({code}):\n{log}");
        }
    }

    private static string BuildLog(CL cl, nint program, nint device)
    {
        nuint size;
        if (cl.GetProgramBuildInfo(program, device, ProgramBuildInfo.BuildLog, 0, null, &size) != 0)
        {
            return "(no build log)";
        }

        var bytes = new byte[size];
        fixed (byte* b = bytes)
        {
            cl.GetProgramBuildInfo(program, device, ProgramBuildInfo.BuildLog, size, b, null);
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    private static byte[] Binary(CL cl, nint program)
    {
        nuint size;
        ClCall.Check(cl.GetProgramInfo(program, ProgramInfo.BinarySizes, (nuint)sizeof(nuint), &size, null), "clGetProgramInfo(BINARY_SIZES)");
        var binary = new byte[size];
        fixed (byte* b = binary)
        {
            var pointer = b;
            ClCall.Check(cl.GetProgramInfo(program, ProgramInfo.Binaries, (nuint)sizeof(nint), &pointer, null), "clGetProgramInfo(BINARIES)");
        }

        return binary;
    }

    private static string Hash(byte[] binary) => Convert.ToHexStringLower(SHA256.HashData(binary));
}

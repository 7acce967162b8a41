using MoeBench.Core.Inputs;
using MoeBench.Core.Quant;
using MoeBench.Devices.Tests;
using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl.Tests;

/// <summary>
/// The FPGA flow on PoCL: a program built from source leaves its binary in the cache; the next open loads that binary;
/// a binary saved to a file and named by <c>opencl:P:N:binary=PATH</c> runs as an offline-compiled one would — each
/// giving bit-identical results, and the identity naming a precompiled binary by its hash.
/// </summary>
[Collection(SharedOpenClDevice.Name)]
public sealed class OpenClProgramBinaryTests(OpenClFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("moebench-opencl-binary-").FullName;

    [Fact]
    public void A_program_built_from_source_is_cached_then_loaded_from_the_cache_and_from_a_named_binary_with_the_same_results()
    {
        if (fixture.Device is null)
        {
            output.WriteLine($"SKIPPED: no OpenCL device here ({fixture.UnavailableReason})");
            return;
        }

        var backend = new OpenClBackend(CL.GetApi, new ProgramCache(Path.Combine(_folder, "cache")));
        var id = fixture.DeviceId["opencl:".Length..];
        float[] built, cached, named;
        byte[] binary;
        string sourceIdentity;
        using (var device = Open(backend, id))
        {
            Assert.Equal(ProgramOrigin.BuiltFromSource, device.Program.Origin);
            Assert.Single(Directory.GetFiles(Path.Combine(_folder, "cache"), "*.bin"));
            (built, binary, sourceIdentity) = (Products(device), device.ProgramBinary(), device.Info.IdentityKey);
        }

        using (var device = Open(backend, id))
        {
            Assert.Equal(ProgramOrigin.CachedBinary, device.Program.Origin);
            Assert.Equal(sourceIdentity, device.Info.IdentityKey); // the same sources: the same program
            cached = Products(device);
        }

        var file = Path.Combine(_folder, "moe-kernels.bin");
        File.WriteAllBytes(file, binary);
        using (var device = Open(backend, $"{id}:binary={file}"))
        {
            Assert.Equal(ProgramOrigin.PrecompiledBinary, device.Program.Origin);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(binary));
            Assert.Contains($"program: precompiled binary moe-kernels.bin, sha256 {hash}", device.Info.Details, StringComparison.Ordinal);
            Assert.NotEqual(sourceIdentity, device.Info.IdentityKey);
            named = Products(device);
        }

        Assert.Equal(built, cached);
        Assert.Equal(built, named);
        output.WriteLine($"binary of {binary.Length} bytes; results identical over {built.Length} values");
    }

    [Fact]
    public void A_binary_the_driver_refuses_fails_to_open_with_a_message_naming_the_file()
    {
        if (fixture.Device is null)
        {
            output.WriteLine($"SKIPPED: no OpenCL device here ({fixture.UnavailableReason})");
            return;
        }

        var file = Path.Combine(_folder, "not-a-program.aocx");
        File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8]);
        var entry = fixture.Backend.Pin($"{fixture.DeviceId["opencl:".Length..]}:binary={file}");

        var error = Assert.Throws<OpenClException>(() => entry.Open!().Dispose());

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static OpenClDevice Open(OpenClBackend backend, string setting)
    {
        var entry = backend.Pin(setting);
        Assert.True(entry.IsAvailable, entry.UnavailableReason);
        return (OpenClDevice)entry.Open!();
    }

    /// <summary>A GEMM and an int4 grouped GEMM on fixed inputs, concatenated.</summary>
    private static float[] Products(OpenClDevice device)
    {
        const int M = 21, K = 70, N = 37;
        var a = SeededInputs.Normal(SeededInputs.For(11, "a"), M * K);
        var b = SeededInputs.Normal(SeededInputs.For(11, "b"), 3 * K * N);
        using var d = new DeviceTensors(device);
        var c = d.Allocate<float>(M * N);
        d.Kernels.Gemm(d.Upload(a), d.Weights(b[..(K * N)], 1, K, N), c, M, accumulate: false);
        var quantized = QuantizedMatrix.QuantizeGroups(b, 3, K, N, [WeightFormat.I4(32), WeightFormat.I8, WeightFormat.BF16]);
        var grouped = d.Allocate<float>(M * N);
        d.Kernels.QuantGroupedGemm(d.Upload(a), d.Upload<int>([0, 5, 5, M]), d.QuantizedWeights(quantized), grouped);
        return [.. d.Read(c), .. d.Read(grouped)];
    }
}

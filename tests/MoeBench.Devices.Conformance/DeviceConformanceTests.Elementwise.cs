using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Conformance;

/// <summary>SwiGLU and RMSNorm against their float64 references, on rows whose width leaves vector tails.</summary>
public abstract partial class DeviceConformanceTests
{
    private const float Untouched = -12345f;

    [Fact]
    public void Swiglu_matches_the_float64_reference()
    {
        if (Device is not { } device)
        {
            return;
        }

        var gateUp = SeededInputs.Normal(SeededInputs.For(3, "gateUp"), Tokens * 2 * Odd);
        using var d = new DeviceTensors(device);
        var output = d.Allocate<float>(Tokens * Odd);

        if (Unsupported(device, OpKind.Swiglu, DType.F32, () => d.Kernels.Swiglu(d.Upload(gateUp), Tokens, null, Odd, output)))
        {
            return;
        }

        TensorAssert.Close(d.Read(output), ReferenceOps.Swiglu(Widen.ToDouble(gateUp), Tokens, Odd), $"seed 3, swiglu {Tokens}×{Odd}");
    }

    [Fact]
    public void Swiglu_with_group_offsets_writes_only_the_kept_rows()
    {
        if (Device is not { } device)
        {
            return;
        }

        const int Kept = 9;
        var gateUp = SeededInputs.Normal(SeededInputs.For(4, "gateUp"), Tokens * 2 * Odd);
        using var d = new DeviceTensors(device);
        var output = d.Upload(Enumerable.Repeat(Untouched, Tokens * Odd).ToArray());

        if (Unsupported(device, OpKind.Swiglu, DType.F32, () => d.Kernels.Swiglu(d.Upload(gateUp), Tokens, d.Upload<int>([0, 5, 5, Kept]), Odd, output)))
        {
            return;
        }

        var actual = d.Read(output);
        TensorAssert.Close(actual.AsSpan(0, Kept * Odd), ReferenceOps.Swiglu(Widen.ToDouble(gateUp), Kept, Odd), "seed 4, swiglu kept rows");
        Assert.True(Array.TrueForAll(actual[(Kept * Odd)..], v => v == Untouched), "a row beyond the kept rows was written");
    }

    [Fact]
    public void RmsNorm_matches_the_float64_reference()
    {
        if (Device is not { } device)
        {
            return;
        }

        var x = SeededInputs.Normal(SeededInputs.For(5, "x"), Tokens * Odd, 10f);
        var gamma = SeededInputs.Uniform(SeededInputs.For(5, "gamma"), Odd, 0.5f, 1.5f);
        using var d = new DeviceTensors(device);
        var y = d.Allocate<float>(Tokens * Odd);

        if (Unsupported(device, OpKind.RmsNorm, DType.F32, () => d.Kernels.RmsNorm(d.Upload(x), d.Upload(gamma), Tokens, Odd, 1e-6f, y)))
        {
            return;
        }

        var expected = ReferenceOps.RmsNorm(Widen.ToDouble(x), Widen.ToDouble(gamma), Tokens, Odd, 1e-6);
        TensorAssert.Close(d.Read(y), expected, $"seed 5, rmsnorm {Tokens}×{Odd}");
    }
}

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// fp32 C = A·B (or C += A·B) against weights packed once into a <see cref="PackedMatrix"/>, on all cores.
/// The float64 reference it is validated against is <c>MoeBench.Core.Reference.ReferenceOps.Gemm</c>.
/// </summary>
public static unsafe class Sgemm
{
    /// <summary>
    /// C[m × n] = A[m × k]·B, or C += A·B when <paramref name="accumulate"/>. A and C are row-major with leading
    /// dimensions <paramref name="lda"/> ≥ k and <paramref name="ldc"/> ≥ n; m = 0 does nothing.
    /// </summary>
    public static void Multiply(float* a, int lda, PackedMatrix b, float* c, int ldc, int m, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if (m == 0)
        {
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(lda, b.K);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldc, b.N);
        if (a == null || c == null)
        {
            throw new ArgumentNullException(a == null ? nameof(a) : nameof(c));
        }

        var task = GemmTask.For(a, lda, b, c, ldc, m, accumulate);
        GemmRunner.Run(&task, 1, b.Isa);
        GC.KeepAlive(b);
    }
}

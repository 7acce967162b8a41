using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>SwiGLU and RMSNorm, as <c>ReferenceOps.Swiglu</c> and <c>ReferenceOps.RmsNorm</c>.</summary>
internal static class ActivationKernels
{
    /// <summary>
    /// out[r, j] = silu(gateUp[r, j]) · gateUp[r, ffn + j] (x: column, y: row) for rows below <paramref name="maxRows"/>
    /// and, where <paramref name="lastOffset"/> ≥ 0, below groupOffsets[lastOffset] — the dispatch's kept rows, read
    /// here so the host need not wait for the dispatch.
    /// </summary>
    public static void Swiglu(Index2D index, ArrayView<float> gateUp, ArrayView<int> groupOffsets, ArrayView<float> output, int ffn, int maxRows, int lastOffset)
    {
        int j = index.X, r = index.Y;
        var rows = lastOffset >= 0 ? Math.Min(maxRows, groupOffsets[lastOffset]) : maxRows;
        if (j >= ffn || r >= rows)
        {
            return;
        }

        long row = (long)r * 2 * ffn;
        output[((long)r * ffn) + j] = DeviceMath.Silu(gateUp[row + j]) * gateUp[row + ffn + j];
    }

    /// <summary>One thread per row: the mean square in fp32, then y = x · rsqrt(mean + ε) · γ.</summary>
    public static void RmsNorm(Index1D r, ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> y, int hidden, float epsilon)
    {
        long row = (long)r.X * hidden;
        var sum = 0f;
        for (var j = 0; j < hidden; j++)
        {
            sum += x[row + j] * x[row + j];
        }

        var inv = DeviceMath.Rsqrt((sum / hidden) + epsilon);
        for (var j = 0; j < hidden; j++)
        {
            y[row + j] = x[row + j] * inv * gamma[j];
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>RMSNorm, one pass for the sum of squares and one for the scaled write, 8 lanes at a time (memory-bound: 256-bit vectors saturate bandwidth on every x86-64 with AVX2).</summary>
internal static unsafe class CpuRmsNorm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* x, float* gamma, int rows, int hidden, float epsilon, float* y) =>
        RowParallel.For(rows, hidden * 8L, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                Row(x + ((long)r * hidden), gamma, hidden, epsilon, y + ((long)r * hidden));
            }
        });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(float* x, float* gamma, int hidden, float epsilon, float* y)
    {
        var acc = Vector256<float>.Zero;
        var j = 0;
        for (; j <= hidden - 8; j += 8)
        {
            var v = Vector256.Load(x + j);
            acc = Vector256.FusedMultiplyAdd(v, v, acc);
        }

        var sum = Vector256.Sum(acc);
        for (; j < hidden; j++)
        {
            sum += x[j] * x[j];
        }

        var inv = 1f / MathF.Sqrt((sum / hidden) + epsilon);
        var scale = Vector256.Create(inv);
        j = 0;
        for (; j <= hidden - 8; j += 8)
        {
            (Vector256.Load(x + j) * scale * Vector256.Load(gamma + j)).Store(y + j);
        }

        for (; j < hidden; j++)
        {
            y[j] = x[j] * inv * gamma[j];
        }
    }
}

using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>RMSNorm, one pass for the sum of squares and one for the scaled write, 16 lanes at a time.</summary>
internal static unsafe class CpuRmsNorm
{
    public static void Run(float* x, float* gamma, int rows, int hidden, float epsilon, float* y) =>
        RowParallel.For(rows, hidden * 8L, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                Row(x + ((long)r * hidden), gamma, hidden, epsilon, y + ((long)r * hidden));
            }
        });

    private static void Row(float* x, float* gamma, int hidden, float epsilon, float* y)
    {
        var acc = Vector512<float>.Zero;
        var j = 0;
        for (; j <= hidden - 16; j += 16)
        {
            var v = Vector512.Load(x + j);
            acc = Vector512.FusedMultiplyAdd(v, v, acc);
        }

        var sum = Vector512.Sum(acc);
        for (; j < hidden; j++)
        {
            sum += x[j] * x[j];
        }

        var inv = 1f / MathF.Sqrt((sum / hidden) + epsilon);
        var scale = Vector512.Create(inv);
        j = 0;
        for (; j <= hidden - 16; j += 16)
        {
            (Vector512.Load(x + j) * scale * Vector512.Load(gamma + j)).Store(y + j);
        }

        for (; j < hidden; j++)
        {
            y[j] = x[j] * inv * gamma[j];
        }
    }
}

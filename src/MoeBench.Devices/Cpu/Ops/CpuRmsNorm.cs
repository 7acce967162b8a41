using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>RMSNorm, one pass for the sum of squares and one for the scaled write, 8 lanes at a time (memory-bound: 256-bit vectors saturate bandwidth on every x86-64 with AVX2).</summary>
internal static unsafe class CpuRmsNorm
{
    public static void Run(float* x, float* gamma, int rows, int hidden, float epsilon, float* y)
    {
        var args = new Args { X = x, Gamma = gamma, Hidden = hidden, Epsilon = epsilon, Y = y };
        CpuRows.For(rows, hidden * 8L, &Rows, &args);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows(void* context, int start, int end)
    {
        var a = (Args*)context;
        for (var r = start; r < end; r++)
        {
            Row(a->X + ((long)r * a->Hidden), a->Gamma, a->Hidden, a->Epsilon, a->Y + ((long)r * a->Hidden));
        }
    }

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

    private struct Args
    {
        public float* X;
        public float* Gamma;
        public int Hidden;
        public float Epsilon;
        public float* Y;
    }
}

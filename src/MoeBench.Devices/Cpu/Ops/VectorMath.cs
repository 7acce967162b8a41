using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>Short-vector primitives of the attention and decoder kernels: 8 lanes with a scalar tail (head widths are small).</summary>
internal static unsafe class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n)
    {
        var acc = Vector256<float>.Zero;
        var j = 0;
        for (; j <= n - 8; j += 8)
        {
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(a + j), Vector256.Load(b + j), acc);
        }

        var sum = Vector256.Sum(acc);
        for (; j < n; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }

    /// <summary>acc += w · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(float* acc, float* x, float w, int n)
    {
        var wv = Vector256.Create(w);
        var j = 0;
        for (; j <= n - 8; j += 8)
        {
            Vector256.FusedMultiplyAdd(Vector256.Load(x + j), wv, Vector256.Load(acc + j)).Store(acc + j);
        }

        for (; j < n; j++)
        {
            acc[j] += w * x[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale(float* x, float s, int n) => ScaleInto(x, s, n, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleInto(float* x, float s, int n, float* y)
    {
        var sv = Vector256.Create(s);
        var j = 0;
        for (; j <= n - 8; j += 8)
        {
            (Vector256.Load(x + j) * sv).Store(y + j);
        }

        for (; j < n; j++)
        {
            y[j] = x[j] * s;
        }
    }

    public static void Add(float* a, float* b, int n, float* sum)
    {
        var j = 0;
        for (; j <= n - 8; j += 8)
        {
            (Vector256.Load(a + j) + Vector256.Load(b + j)).Store(sum + j);
        }

        for (; j < n; j++)
        {
            sum[j] = a[j] + b[j];
        }
    }

    /// <summary>Index of the first largest value.</summary>
    public static int ArgMax(float* x, int n)
    {
        var best = 0;
        for (var j = 1; j < n; j++)
        {
            if (x[j] > x[best])
            {
                best = j;
            }
        }

        return best;
    }
}

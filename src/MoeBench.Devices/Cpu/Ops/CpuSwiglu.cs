using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>silu(g)·u = g·u / (1 + e^−g), with the vectorised exponential of System.Runtime.Intrinsics.</summary>
internal static unsafe class CpuSwiglu
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* gateUp, int rows, int ffn, float* output) =>
        RowParallel.For(rows, ffn * 12L, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                Row(gateUp + ((long)r * 2 * ffn), ffn, output + ((long)r * ffn));
            }
        });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(float* gateUp, int ffn, float* output)
    {
        var up = gateUp + ffn;
        var one = Vector256.Create(1f);
        var j = 0;
        for (; j <= ffn - 8; j += 8)
        {
            var g = Vector256.Load(gateUp + j);
            var silu = g / (one + Vector256.Exp(-g));
            (silu * Vector256.Load(up + j)).Store(output + j);
        }

        for (; j < ffn; j++)
        {
            var g = gateUp[j];
            output[j] = g / (1f + MathF.Exp(-g)) * up[j];
        }
    }
}

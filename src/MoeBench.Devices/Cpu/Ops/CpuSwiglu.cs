using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>silu(g)·u = g·u / (1 + e^−g) per row of [gate | up] (see <see cref="Silu"/>).</summary>
internal static unsafe class CpuSwiglu
{
    public static void Run(float* gateUp, int rows, int ffn, float* output)
    {
        var args = new Args { GateUp = gateUp, Ffn = ffn, Output = output };
        CpuRows.For(rows, ffn * 12L, &Rows, &args);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows(void* context, int start, int end)
    {
        var a = (Args*)context;
        for (var r = start; r < end; r++)
        {
            Row(a->GateUp + ((long)r * 2 * a->Ffn), a->Ffn, a->Output + ((long)r * a->Ffn));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(float* gateUp, int ffn, float* output)
    {
        var up = gateUp + ffn;
        var j = 0;
        for (; j <= ffn - 8; j += 8)
        {
            Silu.Times(Vector256.Load(gateUp + j), Vector256.Load(up + j)).Store(output + j);
        }

        for (; j < ffn; j++)
        {
            output[j] = Silu.Times(gateUp[j], up[j]);
        }
    }

    private struct Args
    {
        public float* GateUp;
        public int Ffn;
        public float* Output;
    }
}

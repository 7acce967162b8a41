namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>Writes the valid part of a spilled register tile: the column tail where n is not a multiple of NR.</summary>
internal static unsafe class TileTail
{
    public static void Write(float* tile, int tileStride, int rows, float* c, nint ldc, int cols, bool overwrite)
    {
        for (var i = 0; i < rows; i++)
        {
            float* src = tile + (i * tileStride);
            float* dst = c + (i * ldc);
            for (var j = 0; j < cols; j++)
            {
                dst[j] = overwrite ? src[j] : dst[j] + src[j];
            }
        }
    }
}

namespace MoeBench.Devices;

/// <summary>
/// Weights a device stores in a format of its own rather than the codes it was given (llama.cpp's q8_0 and q4_0
/// blocks for int8 and int4/g32: an fp16 scale per 32 weights, quantized by ggml itself). The float64 reference then
/// multiplies these weights as stored, so the check judges the kernel's arithmetic — what the existing quantized cases
/// check — and not the difference between two quantizers.
/// </summary>
public interface IReencodedWeights
{
    /// <summary>Every group's weights as stored, dequantized exactly, row-major [groups][k][n].</summary>
    double[] Dequantized();
}

using MoeBench.Core.Quant;

namespace MoeBench.Devices;

/// <summary>
/// A device that supports a weight dtype in some of its formats only (llama.cpp's q4_0 has groups of 32, so int4/g128
/// has no ggml peer). The suite runner asks before building a case, so such a case is skipped with the reason
/// instead of failing at load.
/// </summary>
public interface IWeightFormats
{
    /// <summary>Why weights in <paramref name="format"/> cannot be loaded here; null where they can.</summary>
    string? Unsupported(WeightFormat format);
}

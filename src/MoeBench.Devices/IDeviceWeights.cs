using MoeBench.Core;

namespace MoeBench.Devices;

/// <summary>
/// Weights loaded onto a device in its preferred layout, as an inference engine does once at model load
/// (packed panels on the CPU). <see cref="Groups"/> matrices of [<see cref="K"/> × <see cref="N"/>].
/// </summary>
public interface IDeviceWeights : IDisposable
{
    int Groups { get; }

    int K { get; }

    int N { get; }

    /// <summary>Element type of the weights; where groups mix formats, the narrowest.</summary>
    DType DType { get; }

    /// <summary>Bytes the weights occupy on the device as packed, scales included.</summary>
    long Bytes { get; }
}

using MoeBench.Core;
using MoeBench.Core.Quant;

namespace MoeBench.Devices.Layers;

/// <summary>
/// A layer's FFN weights in the formats of its <see cref="LayerPrecision"/> and the kernels that multiply them:
/// fp32 through GroupedGemm / Gemm as without a precision plan; otherwise the routed experts (possibly mixing
/// formats, e.g. hot experts f32) through QuantGroupedGemm, and low-precision shared experts as a one-group
/// QuantGroupedGemm over all tokens.
/// </summary>
internal sealed class LayerFfn : IDisposable
{
    private readonly IDevice _device;
    private readonly LayerPrecision? _precision;
    private readonly DeviceBuffer<int>? _sharedOffsets;
    private int _sharedRows;

    public LayerFfn(IDevice device, LayerPrecision? precision, int tokens)
    {
        (_device, _precision) = (device, precision);
        if (precision is not null && precision.Shared.DType != DType.F32)
        {
            _sharedOffsets = device.Allocate<int>(2);
            device.Upload<int>([0, tokens], _sharedOffsets);
            _sharedRows = tokens;
        }
    }

    /// <summary>Expert weights laid out [experts][k][n].</summary>
    public IDeviceWeights LoadExperts(float[] w, int experts, int k, int n) => _precision is null
        ? _device.LoadWeights(w, experts, k, n, DType.F32)
        : _device.LoadQuantizedWeights(_precision.QuantizeExperts(w, k, n));

    public IDeviceWeights LoadShared(float[] w, int k, int n) => _sharedOffsets is null
        ? _device.LoadWeights(w, 1, k, n, DType.F32)
        : _device.LoadQuantizedWeights([_precision!.QuantizeShared(w, k, n)]);

    public void Experts(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights w, DeviceBuffer<float> c)
    {
        if (_precision is null)
        {
            _device.Kernels.GroupedGemm(a, offsets, w, c);
        }
        else
        {
            _device.Kernels.QuantGroupedGemm(a, offsets, w, c);
        }
    }

    /// <summary>C[rows × n] = A · W (overwriting C).</summary>
    public void Shared(DeviceBuffer<float> a, IDeviceWeights w, DeviceBuffer<float> c, int rows)
    {
        if (_sharedOffsets is null)
        {
            _device.Kernels.Gemm(a, w, c, rows, accumulate: false);
        }
        else
        {
            // The one group spans all rows: a forward over fewer rows than the last moves its end.
            if (rows != _sharedRows)
            {
                _device.Upload<int>([0, rows], _sharedOffsets);
                _sharedRows = rows;
            }

            _device.Kernels.QuantGroupedGemm(a, _sharedOffsets, w, c);
        }
    }

    public void Dispose() => _sharedOffsets?.Dispose();
}

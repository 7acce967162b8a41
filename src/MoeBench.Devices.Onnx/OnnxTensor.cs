using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MoeBench.Devices.Onnx;

/// <summary>A view of device memory as an ONNX tensor: where it starts, its element type and its shape. Nothing is copied.</summary>
internal readonly unsafe record struct OnnxTensor(nint Data, TensorElementType Type, long[] Shape)
{
    public static OnnxTensor Of<T>(T* data, params long[] shape)
        where T : unmanaged
    {
        var type = typeof(T) == typeof(float) ? TensorElementType.Float
            : typeof(T) == typeof(int) ? TensorElementType.Int32
            : typeof(T) == typeof(long) ? TensorElementType.Int64
            : throw new NotSupportedException($"no ONNX tensor type for {typeof(T).Name}");
        return new OnnxTensor((nint)data, type, shape);
    }

    /// <summary>An OrtValue over the memory itself (ONNX Runtime reads and writes it in place); the caller disposes it.</summary>
    public OrtValue Bind()
    {
        long count = 1;
        foreach (var d in Shape)
        {
            count *= d;
        }

        var size = Type switch
        {
            TensorElementType.Int64 => 8,
            _ => 4,
        };
        return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, Type, Shape, Data, count * size);
    }
}

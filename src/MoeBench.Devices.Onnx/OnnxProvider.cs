namespace MoeBench.Devices.Onnx;

/// <summary>
/// An ONNX Runtime execution provider MoeBench can name as <c>onnx:ID</c>: the name ONNX Runtime lists it under
/// (OrtEnv.GetAvailableProviders), the hardware behind it, and what a machine needs for it to be listed.
/// </summary>
internal sealed record OnnxProvider(string Id, string OrtName, DeviceClass Class, string Hardware, string Needs)
{
    public static readonly OnnxProvider Cpu = new("cpu", "CPUExecutionProvider", DeviceClass.Cpu, "the host CPU (MLAS kernels)", "");

    /// <summary>The providers the issue asks for; each one not in this build of ONNX Runtime is listed unavailable with <see cref="Needs"/>.</summary>
    public static readonly IReadOnlyList<OnnxProvider> All =
    [
        Cpu,
        new("cuda", "CUDAExecutionProvider", DeviceClass.Gpu, "an NVIDIA GPU", "the Microsoft.ML.OnnxRuntime.Gpu.Linux package with CUDA 12 and cuDNN 9"),
        new("tensorrt", "TensorrtExecutionProvider", DeviceClass.Gpu, "an NVIDIA GPU through TensorRT", "the Microsoft.ML.OnnxRuntime.Gpu.Linux package with CUDA 12 and TensorRT 10"),
        new("qnn", "QNNExecutionProvider", DeviceClass.Npu, "a Qualcomm Hexagon NPU", "the Microsoft.ML.OnnxRuntime.QNN package on a Snapdragon machine (QNN SDK libraries)"),
        new("openvino", "OpenVINOExecutionProvider", DeviceClass.Npu, "an Intel NPU (or GPU/CPU) through OpenVINO", "the Intel.ML.OnnxRuntime.OpenVino package and the OpenVINO runtime"),
        new("vitisai", "VitisAIExecutionProvider", DeviceClass.Npu, "an AMD Ryzen AI NPU", "an ONNX Runtime build with Vitis AI (the Ryzen AI software) and the XDNA driver"),
        new("cann", "CANNExecutionProvider", DeviceClass.Npu, "a Huawei Ascend NPU", "an ONNX Runtime build with CANN and the Ascend driver"),
        new("directml", "DmlExecutionProvider", DeviceClass.Gpu, "a DirectX 12 GPU", "Windows and the Microsoft.ML.OnnxRuntime.DirectML package"),
        new("coreml", "CoreMLExecutionProvider", DeviceClass.Npu, "the Apple Neural Engine (or GPU) through Core ML", "macOS or iOS and an ONNX Runtime build with Core ML"),
    ];

    public string DeviceId => $"{OnnxBackend.BackendName}:{Id}";

    public static OnnxProvider? Find(string id) => All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));
}

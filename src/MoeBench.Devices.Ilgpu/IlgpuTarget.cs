namespace MoeBench.Devices.Ilgpu;

/// <summary>Which accelerator a device opens: CUDA GPU <see cref="CudaIndex"/>, or ILGPU's CPU accelerator where it is null.</summary>
internal sealed record IlgpuTarget(int? CudaIndex)
{
    public const string CpuId = "ilgpu:cpu";

    public static IlgpuTarget Cpu { get; } = new((int?)null);

    public static IlgpuTarget Cuda(int index) => new(index);

    public static string CudaId(int index) => $"ilgpu:cuda:{index}";

    public string Id => CudaIndex is { } i ? CudaId(i) : CpuId;
}

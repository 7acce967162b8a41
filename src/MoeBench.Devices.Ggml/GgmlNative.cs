using System.Runtime.InteropServices;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// The slice of ggml's C API the device calls (ggml.h, ggml-backend.h, ggml-cpu.h of ggml 0.18 / llama.cpp
/// 815a2a591, the build LLamaSharp.Backend.Cpu 0.30.0 ships). Contexts, tensors, graphs, backends and buffers are
/// opaque pointers here: the device never reads a struct field, only accessor functions, so a layout change in
/// ggml_tensor cannot silently misread memory. The two library names are resolved to the chosen instruction-set
/// build by <see cref="GgmlLibrary"/>'s DllImportResolver.
/// </summary>
internal static unsafe partial class GgmlNative
{
    public const string Base = "ggml-base";
    public const string Cpu = "ggml-cpu";

    /// <summary>ggml_status: GGML_STATUS_SUCCESS.</summary>
    public const int Success = 0;

    [LibraryImport(Base, EntryPoint = "ggml_init")]
    public static partial nint Init(InitParams parameters);

    [LibraryImport(Base, EntryPoint = "ggml_free")]
    public static partial void Free(nint context);

    [LibraryImport(Base, EntryPoint = "ggml_tensor_overhead")]
    public static partial nuint TensorOverhead();

    [LibraryImport(Base, EntryPoint = "ggml_graph_overhead")]
    public static partial nuint GraphOverhead();

    [LibraryImport(Base, EntryPoint = "ggml_new_tensor_2d")]
    public static partial nint NewTensor2d(nint context, GgmlType type, long ne0, long ne1);

    [LibraryImport(Base, EntryPoint = "ggml_new_tensor_3d")]
    public static partial nint NewTensor3d(nint context, GgmlType type, long ne0, long ne1, long ne2);

    [LibraryImport(Base, EntryPoint = "ggml_mul_mat")]
    public static partial nint MulMat(nint context, nint a, nint b);

    [LibraryImport(Base, EntryPoint = "ggml_mul_mat_id")]
    public static partial nint MulMatId(nint context, nint experts, nint b, nint ids);

    [LibraryImport(Base, EntryPoint = "ggml_add_inplace")]
    public static partial nint AddInplace(nint context, nint a, nint b);

    /// <summary>Zero padding at the end of each dimension.</summary>
    [LibraryImport(Base, EntryPoint = "ggml_pad")]
    public static partial nint Pad(nint context, nint a, int p0, int p1, int p2, int p3);

    [LibraryImport(Base, EntryPoint = "ggml_new_graph")]
    public static partial nint NewGraph(nint context);

    [LibraryImport(Base, EntryPoint = "ggml_build_forward_expand")]
    public static partial void BuildForwardExpand(nint graph, nint tensor);

    [LibraryImport(Base, EntryPoint = "ggml_nbytes")]
    public static partial nuint NBytes(nint tensor);

    [LibraryImport(Base, EntryPoint = "ggml_row_size")]
    public static partial nuint RowSize(GgmlType type, long ne);

    [LibraryImport(Base, EntryPoint = "ggml_type_name")]
    public static partial byte* TypeName(GgmlType type);

    [LibraryImport(Base, EntryPoint = "ggml_version")]
    public static partial byte* Version();

    [LibraryImport(Base, EntryPoint = "ggml_commit")]
    public static partial byte* Commit();

    /// <summary>Quantizes <paramref name="rows"/> rows of <paramref name="perRow"/> floats; returns the bytes written.</summary>
    [LibraryImport(Base, EntryPoint = "ggml_quantize_chunk")]
    public static partial nuint QuantizeChunk(GgmlType type, float* source, void* destination, long start, long rows, long perRow, float* importance);

    /// <summary>A backend buffer over memory the caller owns; freeing it leaves that memory alone.</summary>
    [LibraryImport(Base, EntryPoint = "ggml_backend_cpu_buffer_from_ptr")]
    public static partial nint CpuBufferFromPointer(void* pointer, nuint size);

    [LibraryImport(Base, EntryPoint = "ggml_backend_tensor_alloc")]
    public static partial int TensorAlloc(nint buffer, nint tensor, void* address);

    [LibraryImport(Base, EntryPoint = "ggml_backend_buffer_free")]
    public static partial void BufferFree(nint buffer);

    [LibraryImport(Base, EntryPoint = "ggml_backend_graph_compute")]
    public static partial int GraphCompute(nint backend, nint graph);

    [LibraryImport(Base, EntryPoint = "ggml_backend_free")]
    public static partial void BackendFree(nint backend);

    [LibraryImport(Cpu, EntryPoint = "ggml_backend_cpu_init")]
    public static partial nint CpuInit();

    [LibraryImport(Cpu, EntryPoint = "ggml_backend_cpu_set_n_threads")]
    public static partial void CpuSetThreads(nint backend, int threads);

    /// <summary>struct ggml_init_params: the bool is one byte, so the struct is 24 bytes as in C.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitParams
    {
        public nuint MemSize;
        public nint MemBuffer;
        public byte NoAlloc;
    }
}

/// <summary>enum ggml_type values the device uses (ggml.h); checked against ggml_type_name when the library loads.</summary>
internal enum GgmlType
{
    F32 = 0,
    Q4_0 = 2,
    Q8_0 = 8,
    I32 = 26,
    BF16 = 30,
}

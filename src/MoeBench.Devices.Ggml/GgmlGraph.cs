using System.Runtime.InteropServices;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// One ggml compute graph, built once per (weights, buffers, rows) and recomputed on every invocation, as llama.cpp
/// reuses a graph across decode steps: building it is setup, only <see cref="Compute"/> is timed. Its tensors point
/// into memory MoeBench owns (the activation and output buffers, the weights) through CPU buffers over those
/// pointers; intermediates (zero-padded activations, a product to accumulate) live in a small context of their own.
/// Every size is checked before ggml sees it: a failed ggml assertion aborts the process.
/// </summary>
internal sealed unsafe class GgmlGraph : IDisposable
{
    private readonly List<nint> _buffers = [];
    private nint _context;
    private nint _scratch;
    private nint _graph;
    private int* _ids;

    private GgmlGraph(int tensors, long scratchBytes)
    {
        var overhead = (long)GgmlNative.TensorOverhead();
        _context = NewContext((overhead * tensors) + (long)GgmlNative.GraphOverhead(), noAlloc: true);
        if (scratchBytes > 0)
        {
            // Room for the intermediates' data plus ggml's per-object header and alignment.
            _scratch = NewContext(scratchBytes + (4 * (overhead + 64)), noAlloc: false);
        }
    }

    /// <summary>C[m × n] (+)= A[m × k] · W for the one group of <paramref name="w"/>.</summary>
    public static GgmlGraph Gemm(GgmlWeights w, float* a, float* c, int m, bool accumulate)
    {
        var padded = w.PaddedK != w.K;
        var graph = new GgmlGraph(tensors: 7, ScratchBytes(padded ? (long)m * w.PaddedK : 0, accumulate ? (long)m * w.N : 0));
        var weights = graph.Bind(GgmlNative.NewTensor2d(graph._context, w.Type, w.PaddedK, w.N), w.Data, w.Bytes);
        var input = graph.Padded(graph.Bind(GgmlNative.NewTensor2d(graph._context, GgmlType.F32, w.K, m), a, (long)m * w.K * sizeof(float)), w);
        nint output;
        if (accumulate)
        {
            var target = graph.Bind(GgmlNative.NewTensor2d(graph._context, GgmlType.F32, w.N, m), c, (long)m * w.N * sizeof(float));
            output = GgmlNative.AddInplace(graph._context, target, GgmlNative.MulMat(graph._scratch, weights, input));
        }
        else
        {
            output = graph.Bind(GgmlNative.MulMat(graph._context, weights, input), c, (long)m * w.N * sizeof(float));
        }

        graph.Build(output);
        return graph;
    }

    /// <summary>
    /// C[rows × n] = each row of A times the weights of its group, through ggml_mul_mat_id with one expert per row:
    /// A is [k, 1, rows] and <paramref name="ids"/> [1, rows], so ggml gathers each expert's rows and runs one
    /// product per expert, as llama.cpp's MoE FFN does.
    /// </summary>
    public static GgmlGraph Grouped(GgmlWeights w, float* a, float* c, int rows)
    {
        var padded = w.PaddedK != w.K;
        var graph = new GgmlGraph(tensors: 6, ScratchBytes(padded ? (long)rows * w.PaddedK : 0, 0));
        graph._ids = (int*)NativeMemory.AlignedAlloc((nuint)rows * sizeof(int), 64);
        var ids = graph._ids;
        var experts = graph.Bind(GgmlNative.NewTensor3d(graph._context, w.Type, w.PaddedK, w.N, w.Groups), w.Data, w.Bytes);
        var input = graph.Padded(graph.Bind(GgmlNative.NewTensor3d(graph._context, GgmlType.F32, w.K, 1, rows), a, (long)rows * w.K * sizeof(float)), w);
        var expertOfRow = graph.Bind(GgmlNative.NewTensor2d(graph._context, GgmlType.I32, 1, rows), ids, (long)rows * sizeof(int));
        var output = graph.Bind(GgmlNative.MulMatId(graph._context, experts, input, expertOfRow), c, (long)rows * w.N * sizeof(float));
        graph.Build(output);
        return graph;
    }

    /// <summary>The expert of each row, [rows], for a grouped graph: written before each <see cref="Compute"/>.</summary>
    public Span<int> ExpertOfRow(int rows) =>
        _ids != null ? new Span<int>(_ids, rows) : throw new InvalidOperationException("not a grouped graph");

    public void Compute(nint backend)
    {
        var status = GgmlNative.GraphCompute(backend, _graph != 0 ? _graph : throw new ObjectDisposedException(nameof(GgmlGraph)));
        if (status != GgmlNative.Success)
        {
            throw new InvalidOperationException($"ggml_backend_graph_compute returned status {status}");
        }
    }

    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            GgmlNative.BufferFree(buffer);
        }

        _buffers.Clear();
        foreach (var context in new[] { _context, _scratch })
        {
            if (context != 0)
            {
                GgmlNative.Free(context);
            }
        }

        (_context, _scratch, _graph) = (0, 0, 0);
        if (_ids != null)
        {
            NativeMemory.AlignedFree(_ids);
            _ids = null;
        }
    }

    private static long ScratchBytes(long paddedFloats, long productFloats) => (paddedFloats + productFloats) * sizeof(float);

    private static nint NewContext(long bytes, bool noAlloc)
    {
        var context = GgmlNative.Init(new GgmlNative.InitParams { MemSize = (nuint)bytes, MemBuffer = 0, NoAlloc = noAlloc ? (byte)1 : (byte)0 });
        return context != 0 ? context : throw new InvalidOperationException($"ggml_init could not allocate a context of {bytes} bytes");
    }

    /// <summary>The block formats need rows of whole blocks: pad k with zeros to the weights' padded length (tests' odd k only).</summary>
    private nint Padded(nint input, GgmlWeights w) =>
        w.PaddedK == w.K ? input : GgmlNative.Pad(_scratch, input, w.PaddedK - w.K, 0, 0, 0);

    /// <summary>Points <paramref name="tensor"/> at <paramref name="memory"/>, which must hold all its bytes.</summary>
    private nint Bind(nint tensor, void* memory, long availableBytes)
    {
        var bytes = (long)GgmlNative.NBytes(tensor);
        if (bytes > availableBytes)
        {
            throw new ArgumentException($"ggml tensor needs {bytes} bytes, the buffer holds {availableBytes}");
        }

        // ggml wants buffers aligned to 32 bytes; a tensor may start anywhere inside one (a group's rows, say).
        var start = (byte*)((nuint)memory & ~(nuint)63);
        var buffer = GgmlNative.CpuBufferFromPointer(start, (nuint)(((byte*)memory - start) + bytes));
        _buffers.Add(buffer);
        if (GgmlNative.TensorAlloc(buffer, tensor, memory) != GgmlNative.Success)
        {
            throw new InvalidOperationException("ggml_backend_tensor_alloc failed");
        }

        return tensor;
    }

    private void Build(nint output)
    {
        _graph = GgmlNative.NewGraph(_context);
        GgmlNative.BuildForwardExpand(_graph, output);
    }
}

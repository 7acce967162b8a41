using MoeBench.Core;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// Weight groups as ONNX initializers, one <see cref="ExpertProduct"/> per group (groups may mix formats). Each
/// group's product session is built at load, so no timed call creates one; graphs that embed the weights in other
/// ways (the router in the gate, gemm with accumulation) are built on first use and kept in <see cref="Graphs"/>.
/// The encoded weights stay in host memory beside ONNX Runtime's own copy to allow that.
/// </summary>
internal sealed class OnnxWeights : IDeviceWeights
{
    private readonly OnnxSession[] _products;

    public OnnxWeights(IReadOnlyList<ExpertProduct> groups, OnnxDeviceContext context)
    {
        Products = groups;
        (K, N) = (groups[0].K, groups[0].N);
        DType = groups.Select(g => g.Format.DType).MinBy(d => d.Bits());
        Bytes = groups.Sum(g => g.Bytes);
        _products = new OnnxSession[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var model = new OnnxModel();
            var a = model.Input("a", OnnxType.Float, OnnxModel.Rows, K);
            model.Output(groups[g].Multiply(model, a), OnnxType.Float, OnnxModel.Rows, N);
            _products[g] = new OnnxSession(model, context);
        }
    }

    public IReadOnlyList<ExpertProduct> Products { get; }

    public int Groups => Products.Count;

    public int K { get; }

    public int N { get; }

    public DType DType { get; }

    public long Bytes { get; }

    /// <summary>Sessions built over these weights for other graphs, keyed by what they are specific to.</summary>
    public Dictionary<object, OnnxSession> Graphs { get; } = [];

    /// <summary>C[rows × n] = A[rows × k] · W_group.</summary>
    public OnnxSession Product(int group) => _products[group];

    public void Dispose()
    {
        foreach (var session in _products.Concat(Graphs.Values))
        {
            session.Dispose();
        }

        Graphs.Clear();
    }
}

namespace MoeBench.Core.Quant;

/// <summary>
/// Storage formats of an MoE block's FFN weights: one per routed expert, one for the shared experts. Per-expert
/// mixed precision keeps the experts that see the most tokens (and the shared ones, which see every token) wider,
/// as EAQuant and D²MoE do, where their quantization error would weigh most.
/// </summary>
public sealed record LayerPrecision(IReadOnlyList<WeightFormat> Experts, WeightFormat Shared)
{
    /// <summary>
    /// The <paramref name="hotExperts"/> experts of highest <paramref name="popularity"/> (ties to the lower id) in
    /// <paramref name="hot"/>, the others in <paramref name="routed"/>; shared experts in <paramref name="hot"/>.
    /// The hot set comes from the expected load, not from one batch's routing: a deployment fixes it offline.
    /// </summary>
    public static LayerPrecision Plan(WeightFormat routed, WeightFormat hot, int hotExperts, ReadOnlySpan<double> popularity)
    {
        var experts = popularity.Length;
        if (hotExperts < 0 || hotExperts > experts)
        {
            throw new ArgumentOutOfRangeException(nameof(hotExperts), hotExperts, $"must be between 0 and the {experts} experts");
        }

        var order = Enumerable.Range(0, experts).ToArray();
        var keys = popularity.ToArray();
        Array.Sort(order, (x, y) => keys[x] != keys[y] ? keys[y].CompareTo(keys[x]) : x.CompareTo(y));
        var formats = new WeightFormat[experts];
        Array.Fill(formats, routed);
        foreach (var e in order.AsSpan(0, hotExperts))
        {
            formats[e] = hot;
        }

        return new LayerPrecision(formats, hot);
    }

    /// <summary>Expert weights laid out [experts][k][n], each quantized in its format.</summary>
    public QuantizedMatrix[] QuantizeExperts(ReadOnlySpan<float> w, int k, int n) =>
        QuantizedMatrix.QuantizeGroups(w, Experts.Count, k, n, [.. Experts]);

    /// <summary>The shared experts' [k × n] matrix in <see cref="Shared"/>.</summary>
    public QuantizedMatrix QuantizeShared(ReadOnlySpan<float> w, int k, int n) => QuantizedMatrix.Quantize(w, k, n, Shared);
}

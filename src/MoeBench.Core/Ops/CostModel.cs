using MoeBench.Core.Quant;

namespace MoeBench.Core.Ops;

/// <summary>FLOPs and minimum bytes per op, fp32 activations (4 bytes) unless weights say otherwise.</summary>
public static class CostModel
{
    private const double F32 = 4;
    private const double I32 = 4;

    /// <summary>C[m,n] (+)= A[m,k]·B[k,n].</summary>
    public static OpCost Gemm(long m, long n, long k, bool accumulate = false) =>
        new(2.0 * m * n * k, F32 * ((m * k) + (k * n) + (m * n * (accumulate ? 2 : 1))));

    /// <summary>
    /// One GEMM per expert over its rows. Only experts that received rows need their weights read, which is what
    /// makes decode-size MoE bandwidth-bound on the active experts' weights.
    /// </summary>
    public static OpCost GroupedGemm(ReadOnlySpan<int> rowsPerGroup, long n, long k)
    {
        long rows = 0;
        long active = 0;
        foreach (var r in rowsPerGroup)
        {
            rows += r;
            active += r > 0 ? 1 : 0;
        }

        return new(2.0 * rows * n * k, F32 * ((rows * k) + (active * k * n) + (rows * n)) + (I32 * (rowsPerGroup.Length + 1)));
    }

    /// <summary>
    /// <see cref="GroupedGemm"/> over low-precision experts: the same FLOPs (dequantization is not counted as
    /// floating-point work), but each active expert's weights cost what its format stores — bf16 2 B, int8 1 B plus
    /// an fp32 scale per column, int4 ½ B plus an fp32 scale per column and group (<see cref="WeightFormat.Bytes"/>).
    /// Expert g is stored in formats[g], so a mixed-precision layer counts each expert at its own width. The FLOPs of
    /// int8/int4 experts are also <see cref="OpCost.IntegerFlops"/>.
    /// </summary>
    public static OpCost QuantGroupedGemm(ReadOnlySpan<int> rowsPerGroup, long n, long k, ReadOnlySpan<WeightFormat> formats)
    {
        if (formats.Length != rowsPerGroup.Length)
        {
            throw new ArgumentException($"{formats.Length} formats for {rowsPerGroup.Length} groups", nameof(formats));
        }

        long rows = 0, integerRows = 0;
        double weightBytes = 0;
        for (var g = 0; g < rowsPerGroup.Length; g++)
        {
            rows += rowsPerGroup[g];
            integerRows += formats[g].DType is DType.I8 or DType.I4 ? rowsPerGroup[g] : 0;
            weightBytes += rowsPerGroup[g] > 0 ? formats[g].Bytes(k, n) : 0;
        }

        return new(2.0 * rows * n * k, (F32 * ((rows * k) + (rows * n))) + weightBytes + (I32 * (rowsPerGroup.Length + 1)), 2.0 * integerRows * n * k);
    }

    /// <summary><see cref="QuantGroupedGemm(ReadOnlySpan{int}, long, long, ReadOnlySpan{WeightFormat})"/> with every expert in one format.</summary>
    public static OpCost QuantGroupedGemm(ReadOnlySpan<int> rowsPerGroup, long n, long k, WeightFormat format)
    {
        Span<WeightFormat> formats = rowsPerGroup.Length <= 256 ? stackalloc WeightFormat[rowsPerGroup.Length] : new WeightFormat[rowsPerGroup.Length];
        formats.Fill(format);
        return QuantGroupedGemm(rowsPerGroup, n, k, formats);
    }

    /// <summary>
    /// Router GEMM [tokens×hidden]·[hidden×experts], score (≈4 FLOPs per logit for exp, sum, divide), bias add
    /// and top-k selection (counted as one compare per logit and slot is not floating-point work, so omitted).
    /// </summary>
    public static OpCost Gate(long tokens, long hidden, long experts, long topK, bool withBias) =>
        new(
            (2.0 * tokens * hidden * experts) + (5.0 * tokens * experts),
            F32 * ((tokens * hidden) + (hidden * experts) + (withBias ? tokens * experts : 0)) + ((F32 + I32) * tokens * topK));

    /// <summary>Dispatch: read each token once, write one row per kept (token, expert) pair, plus the index maps.</summary>
    public static OpCost Permute(long tokens, long hidden, long topK, long keptRows) =>
        new(0, (F32 * ((tokens * hidden) + (keptRows * hidden))) + (I32 * tokens * topK * 2));

    /// <summary>Weighted combine: read every kept expert row once, write each token once.</summary>
    public static OpCost Unpermute(long tokens, long hidden, long topK, long keptRows, bool accumulate) =>
        new(
            2.0 * keptRows * hidden,
            (F32 * ((keptRows * hidden) + (tokens * hidden * (accumulate ? 2 : 1)))) + ((F32 + I32 + I32) * tokens * topK));

    /// <summary>silu(g)·u over [rows × 2·ffn] → [rows × ffn]; ≈5 FLOPs per output (exp, add, divide, two multiplies).</summary>
    public static OpCost Swiglu(long rows, long ffn) => new(5.0 * rows * ffn, F32 * 3 * rows * ffn);

    /// <summary>y = x / rms(x) · γ; ≈4 FLOPs per element (square-accumulate, scale, multiply).</summary>
    public static OpCost RmsNorm(long rows, long hidden) => new(4.0 * rows * hidden, F32 * ((2 * rows * hidden) + hidden));

    /// <summary>
    /// Causal attention of <paramref name="rows"/> new tokens in each of <paramref name="sequences"/> sequences whose
    /// history ends at <paramref name="context"/> positions (the new rows included). FLOPs: per query head and
    /// (row, attended position) pair 2·D for the score, 2·D for the value sum, ≈5 for the softmax; RoPE ≈3 per element of
    /// the rotated queries and keys. Bytes: the QKV rows, the new keys and values written, every cached key and value
    /// read once per sequence (a KV head's history serves its whole query group), the output rows and the RoPE rows.
    /// </summary>
    public static OpCost Attention(long sequences, long rows, long context, long heads, long kvHeads, long headDim)
    {
        var past = context - rows;
        var pairs = sequences * ((rows * past) + (rows * (rows + 1) / 2));
        var newRows = sequences * rows;
        var flops = (heads * pairs * ((4.0 * headDim) + 5)) + (3.0 * newRows * (heads + kvHeads) * headDim);
        var bytes = F32 * ((newRows * (heads + (2 * kvHeads)) * headDim) + (newRows * 2 * kvHeads * headDim)
            + (sequences * context * 2 * kvHeads * headDim) + (newRows * heads * headDim) + (newRows * headDim));
        return new(flops, bytes);
    }
}

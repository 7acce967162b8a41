namespace MoeBench.Core.Attention;

/// <summary>
/// Causal grouped-query attention in float64 over one sequence's contiguous history: the target every attention
/// kernel (paged, batched) is validated against. Query head q reads KV head q / group; scores are scaled by 1/√D.
/// </summary>
public static class ReferenceAttention
{
    /// <summary>
    /// Attention of <paramref name="rows"/> new tokens at positions past … past + rows − 1.
    /// </summary>
    /// <param name="qkv">[rows × (H + 2·KV)·D] un-rotated projections of the new tokens (queries, keys, values).</param>
    /// <param name="pastKeys">[past × KV·D] keys of earlier positions, already rotated; <paramref name="pastValues"/> likewise.</param>
    /// <returns>[rows × H·D].</returns>
    public static double[] Forward(
        ReadOnlySpan<double> qkv, ReadOnlySpan<double> pastKeys, ReadOnlySpan<double> pastValues, int past, int rows, AttentionShape shape)
    {
        var (h, kv, d) = (shape.Heads, shape.KvHeads, shape.HeadDim);
        var total = past + rows;
        var keys = new double[(long)total * kv * d];
        var values = new double[(long)total * kv * d];
        pastKeys[..(past * kv * d)].CopyTo(keys);
        pastValues[..(past * kv * d)].CopyTo(values);
        for (var r = 0; r < rows; r++)
        {
            var row = qkv.Slice(r * shape.QkvWidth, shape.QkvWidth);
            for (var g = 0; g < kv; g++)
            {
                var at = (((past + r) * kv) + g) * d;
                RopeTable.Rotate(row.Slice((h + g) * d, d), past + r, shape.RopeTheta, keys.AsSpan(at, d));
                row.Slice((h + kv + g) * d, d).CopyTo(values.AsSpan(at, d));
            }
        }

        var output = new double[(long)rows * h * d];
        var q = new double[d];
        var scores = new double[total];
        var scale = 1 / Math.Sqrt(d);
        for (var r = 0; r < rows; r++)
        {
            var position = past + r;
            for (var head = 0; head < h; head++)
            {
                RopeTable.Rotate(qkv.Slice((r * shape.QkvWidth) + (head * d), d), position, shape.RopeTheta, q);
                var g = head / shape.Group;
                var max = double.NegativeInfinity;
                for (var s = 0; s <= position; s++)
                {
                    var dot = 0.0;
                    for (var j = 0; j < d; j++)
                    {
                        dot += q[j] * keys[(((s * kv) + g) * d) + j];
                    }

                    scores[s] = dot * scale;
                    max = Math.Max(max, scores[s]);
                }

                var sum = 0.0;
                for (var s = 0; s <= position; s++)
                {
                    scores[s] = Math.Exp(scores[s] - max);
                    sum += scores[s];
                }

                var o = output.AsSpan(((r * h) + head) * d, d);
                for (var s = 0; s <= position; s++)
                {
                    var w = scores[s] / sum;
                    for (var j = 0; j < d; j++)
                    {
                        o[j] += w * values[(((s * kv) + g) * d) + j];
                    }
                }
            }
        }

        return output;
    }

    /// <summary>Keys of <paramref name="positions"/> tokens as a cache holds them: rotated for their positions, [positions × KV·D].</summary>
    public static double[] RotatedKeys(ReadOnlySpan<double> rawKeys, int positions, AttentionShape shape)
    {
        var (kv, d) = (shape.KvHeads, shape.HeadDim);
        var keys = new double[(long)positions * kv * d];
        for (var p = 0; p < positions; p++)
        {
            for (var g = 0; g < kv; g++)
            {
                var at = ((p * kv) + g) * d;
                RopeTable.Rotate(rawKeys.Slice(at, d), p, shape.RopeTheta, keys.AsSpan(at, d));
            }
        }

        return keys;
    }
}

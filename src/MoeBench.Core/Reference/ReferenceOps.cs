using System.Runtime.Intrinsics;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;

namespace MoeBench.Core.Reference;

/// <summary>
/// Float64 references of every op: plain loops written for obviousness, never speed. Inputs are the fp32 tensors
/// the device saw; every product and sum is done in double so the reference error is far below any tolerance.
/// Layouts are row-major; weights are [k × n] so a layer computes x·W.
/// </summary>
public static class ReferenceOps
{
    /// <summary>C[m,n] = A[m,k]·B[k,n] (+ C0 when given).</summary>
    public static double[] Gemm(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int n, int k, ReadOnlySpan<double> c0 = default)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var p = 0; p < k; p++)
            {
                Axpy(a[(i * k) + p], b.Slice(p * n, n), c.AsSpan(i * n, n));
            }
        }

        for (var i = 0; i < c0.Length; i++)
        {
            c[i] += c0[i];
        }

        return c;
    }

    /// <summary>
    /// y += α·x in double. The one vectorised loop of the references: without it a layer reference at prefill
    /// sizes costs seconds per case; it changes only speed, every product and sum is still a double operation.
    /// </summary>
    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var a = Vector512.Create(alpha);
            for (; j <= x.Length - 8; j += 8)
            {
                ((Vector512.Create(x.Slice(j, 8)) * a) + Vector512.Create(y.Slice(j, 8))).CopyTo(y.Slice(j, 8));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; j <= x.Length - 4; j += 4)
            {
                ((Vector256.Create(x.Slice(j, 4)) * a) + Vector256.Create(y.Slice(j, 4))).CopyTo(y.Slice(j, 4));
            }
        }

        for (; j < x.Length; j++)
        {
            y[j] += alpha * x[j];
        }
    }

    /// <summary>Rows offsets[g]..offsets[g+1] of A multiply weights g ([groups][k][n]).</summary>
    public static double[] GroupedGemm(ReadOnlySpan<double> a, ReadOnlySpan<int> offsets, ReadOnlySpan<double> b, int n, int k)
    {
        var groups = offsets.Length - 1;
        var rows = offsets[groups];
        var c = new double[rows * n];
        for (var g = 0; g < groups; g++)
        {
            var r0 = offsets[g];
            var count = offsets[g + 1] - r0;
            if (count == 0)
            {
                continue;
            }

            var part = Gemm(a.Slice(r0 * k, count * k), b.Slice(g * k * n, k * n), count, n, k);
            part.CopyTo(c, r0 * n);
        }

        return c;
    }

    /// <summary>
    /// <see cref="GroupedGemm"/> with expert g's weights as <paramref name="b"/>[g] represents them (dequantized
    /// exactly), so a kernel's error against it is its own arithmetic, not the quantization's.
    /// </summary>
    public static double[] QuantGroupedGemm(ReadOnlySpan<double> a, ReadOnlySpan<int> offsets, IReadOnlyList<QuantizedMatrix> b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return GroupedGemm(a, offsets, QuantizedMatrix.DequantizeGroups(b), b[0].N, b[0].K);
    }

    /// <summary>Scores and top-k of each token: (expert ids [t×k], weights [t×k]), best first.</summary>
    public static (int[] Ids, double[] Weights) Gate(
        ReadOnlySpan<double> x, ReadOnlySpan<double> router, ReadOnlySpan<double> logitBias, GateSpec spec, int tokens, int hidden)
    {
        var e = spec.Experts;
        var logits = Gemm(x, router, tokens, e, hidden);
        var ids = new int[tokens * spec.TopK];
        var weights = new double[tokens * spec.TopK];
        var scores = new double[e];
        var eligible = new bool[e];
        for (var t = 0; t < tokens; t++)
        {
            var row = logits.AsSpan(t * e, e);
            if (!logitBias.IsEmpty)
            {
                for (var j = 0; j < e; j++)
                {
                    row[j] += logitBias[(t * e) + j];
                }
            }

            Score(row, spec.Score, scores);
            EligibleExperts(scores, spec, eligible);
            var sum = 0.0;
            for (var r = 0; r < spec.TopK; r++)
            {
                var best = -1;
                for (var j = 0; j < e; j++)
                {
                    if (eligible[j] && (best < 0 || scores[j] > scores[best]))
                    {
                        best = j;
                    }
                }

                eligible[best] = false;
                ids[(t * spec.TopK) + r] = best;
                weights[(t * spec.TopK) + r] = scores[best];
                sum += scores[best];
            }

            for (var r = 0; r < spec.TopK; r++)
            {
                ref var w = ref weights[(t * spec.TopK) + r];
                w = (spec.Renormalize ? w / sum : w) * spec.RoutedScale;
            }
        }

        return (ids, weights);
    }

    private static void Score(ReadOnlySpan<double> logits, RoutingScore score, Span<double> scores)
    {
        if (score == RoutingScore.Sigmoid)
        {
            for (var j = 0; j < logits.Length; j++)
            {
                scores[j] = 1.0 / (1.0 + Math.Exp(-logits[j]));
            }

            return;
        }

        var max = double.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        var total = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            scores[j] = Math.Exp(logits[j] - max);
            total += scores[j];
        }

        for (var j = 0; j < logits.Length; j++)
        {
            scores[j] /= total;
        }
    }

    /// <summary>
    /// Group-limited routing (DeepSeek-V3): a group's score is the sum of its two best expert scores; only
    /// experts in the best <see cref="GateSpec.TopKGroups"/> groups may be chosen.
    /// </summary>
    private static void EligibleExperts(ReadOnlySpan<double> scores, GateSpec spec, Span<bool> eligible)
    {
        eligible.Fill(true);
        if (spec.Groups <= 1)
        {
            return;
        }

        var size = scores.Length / spec.Groups;
        var groupScore = new double[spec.Groups];
        for (var g = 0; g < spec.Groups; g++)
        {
            double first = double.NegativeInfinity, second = double.NegativeInfinity;
            foreach (var s in scores.Slice(g * size, size))
            {
                if (s > first)
                {
                    (first, second) = (s, first);
                }
                else if (s > second)
                {
                    second = s;
                }
            }

            groupScore[g] = first + (size > 1 ? second : 0);
        }

        var keep = new bool[spec.Groups];
        for (var r = 0; r < spec.TopKGroups; r++)
        {
            var best = -1;
            for (var g = 0; g < spec.Groups; g++)
            {
                if (!keep[g] && (best < 0 || groupScore[g] > groupScore[best]))
                {
                    best = g;
                }
            }

            keep[best] = true;
        }

        for (var j = 0; j < scores.Length; j++)
        {
            eligible[j] = keep[j / size];
        }
    }

    /// <summary>
    /// Dispatch plan: rows grouped by expert, within an expert in (token, slot) order; an expert keeps its first
    /// <paramref name="capacity"/> rows. Returns group offsets [experts+1] and, per (token, slot), its row or −1.
    /// </summary>
    public static (int[] Offsets, int[] SlotRow) DispatchPlan(ReadOnlySpan<int> ids, int ffnExperts, int capacity)
    {
        var counts = new int[ffnExperts];
        foreach (var e in ids)
        {
            if ((uint)e < (uint)ffnExperts)
            {
                counts[e]++;
            }
        }

        var offsets = new int[ffnExperts + 1];
        for (var e = 0; e < ffnExperts; e++)
        {
            offsets[e + 1] = offsets[e] + Math.Min(counts[e], capacity);
        }

        var next = offsets[..^1];
        var slotRow = new int[ids.Length];
        for (var s = 0; s < ids.Length; s++)
        {
            var e = ids[s];
            slotRow[s] = (uint)e < (uint)ffnExperts && next[e] < offsets[e + 1] ? next[e]++ : -1;
        }

        return (offsets, slotRow);
    }

    /// <summary>Copies each kept (token, slot) row of x to its dispatch row.</summary>
    public static double[] Permute(ReadOnlySpan<double> x, ReadOnlySpan<int> slotRow, int rows, int topK, int hidden)
    {
        var xp = new double[rows * hidden];
        for (var s = 0; s < slotRow.Length; s++)
        {
            if (slotRow[s] < 0)
            {
                continue;
            }

            var src = x.Slice(s / topK * hidden, hidden);
            for (var j = 0; j < hidden; j++)
            {
                xp[(slotRow[s] * hidden) + j] = src[j];
            }
        }

        return xp;
    }

    /// <summary>
    /// Weighted combine: y[t] (+)= Σ_slot w·contribution, where the contribution is the expert row, nothing for
    /// dropped slots and zero experts, x[t] for copy experts and the expert's vector for constant experts.
    /// </summary>
    public static double[] Unpermute(
        ReadOnlySpan<double> yp, ReadOnlySpan<int> slotRow, ReadOnlySpan<int> ids, ReadOnlySpan<double> weights,
        ReadOnlySpan<double> x, ReadOnlySpan<double> constants, CombineSpec combine, int tokens, int topK, int hidden,
        ReadOnlySpan<double> y0 = default)
    {
        var y = new double[tokens * hidden];
        for (var i = 0; i < y0.Length; i++)
        {
            y[i] = y0[i];
        }

        for (var s = 0; s < tokens * topK; s++)
        {
            var t = s / topK;
            var e = ids[s];
            ReadOnlySpan<double> src;
            if (slotRow[s] >= 0)
            {
                src = yp.Slice(slotRow[s] * hidden, hidden);
            }
            else if (e >= combine.FirstConst)
            {
                src = constants.Slice((e - combine.FirstConst) * hidden, hidden);
            }
            else if (e >= combine.FirstCopy)
            {
                src = x.Slice(t * hidden, hidden);
            }
            else
            {
                continue;
            }

            double w = weights[s];
            for (var j = 0; j < hidden; j++)
            {
                y[(t * hidden) + j] += w * src[j];
            }
        }

        return y;
    }

    /// <summary>silu(g)·u where each row holds [g (ffn) | u (ffn)].</summary>
    public static double[] Swiglu(ReadOnlySpan<double> gateUp, int rows, int ffn)
    {
        var h = new double[rows * ffn];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < ffn; j++)
            {
                double g = gateUp[(r * 2 * ffn) + j];
                double u = gateUp[(r * 2 * ffn) + ffn + j];
                h[(r * ffn) + j] = g / (1.0 + Math.Exp(-g)) * u;
            }
        }

        return h;
    }

    /// <summary>y = x / sqrt(mean(x²) + ε) · γ per row.</summary>
    public static double[] RmsNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, int rows, int hidden, double epsilon)
    {
        var y = new double[rows * hidden];
        for (var r = 0; r < rows; r++)
        {
            var sum = 0.0;
            for (var j = 0; j < hidden; j++)
            {
                double v = x[(r * hidden) + j];
                sum += v * v;
            }

            var inv = 1.0 / Math.Sqrt((sum / hidden) + epsilon);
            for (var j = 0; j < hidden; j++)
            {
                y[(r * hidden) + j] = x[(r * hidden) + j] * inv * gamma[j];
            }
        }

        return y;
    }
}

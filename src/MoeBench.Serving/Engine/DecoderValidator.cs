using MoeBench.Core.Models;
using MoeBench.Serving.Model;

namespace MoeBench.Serving.Engine;

/// <summary>
/// One decode step of the whole device decoder against <see cref="ReferenceDecoder"/>: two seeded prompts (one longer
/// than a KV block, so the paged lookup crosses a block boundary) are prefilled together, then one batched decode step
/// runs on their greedy tokens; its logits must match the float64 forward over prompt + token within the fp32 tolerance
/// (normwise: max |error| ≤ 1e-4 · max |reference|, as every op's validation).
/// </summary>
internal static class DecoderValidator
{
    private const double RelativeTolerance = 1e-4;

    public static DecoderValidation Validate(DecoderSpec spec, DecoderWeights weights, DeviceDecoder decoder, SchedulerLimits limits, int kvBlocks, int maxBlocks, int seed)
    {
        var b = spec.BlockTokens;
        var sequences = Math.Min(2, Math.Min(limits.MaxRunningRequests, limits.MaxBatchTokens));
        int[] lengths = [Math.Max(1, Math.Min(b + 3, limits.MaxBatchTokens / sequences)), Math.Max(1, Math.Min(5, limits.MaxBatchTokens / sequences))];
        if (lengths.Take(sequences).Sum(n => (n + b) / b) > kvBlocks)
        {
            return new DecoderValidation(false, double.NaN, double.NaN, $"{Describe(spec.Model, spec.Layers)}: a KV cache of {kvBlocks} blocks is too small to validate a decode step");
        }

        var vocab = spec.Model.Vocab;
        var prompts = new int[sequences][];
        var tables = new int[sequences][];
        var nextBlock = 0;
        for (var s = 0; s < sequences; s++)
        {
            var random = new Random(seed + s);
            prompts[s] = new int[lengths[s] + 1];
            for (var i = 0; i < lengths[s]; i++)
            {
                prompts[s][i] = random.Next(vocab);
            }

            tables[s] = new int[(lengths[s] + b) / b];
            for (var j = 0; j < tables[s].Length; j++)
            {
                tables[s][j] = nextBlock++;
            }
        }

        var batch = new DecoderBatch(limits.MaxBatchTokens, limits.MaxRunningRequests, maxBlocks);
        for (var s = 0; s < sequences; s++)
        {
            batch.AddSequence(prompts[s].AsSpan(0, lengths[s]), 0, tables[s], wantsNextToken: true);
        }

        decoder.Forward(batch);
        var greedy = batch.NextTokens[..sequences];
        batch.Clear();
        for (var s = 0; s < sequences; s++)
        {
            prompts[s][lengths[s]] = greedy[s];
            batch.AddSequence(prompts[s].AsSpan(lengths[s], 1), lengths[s], tables[s], wantsNextToken: true);
        }

        decoder.Forward(batch);
        var actual = decoder.ReadLogits(sequences);
        double maxError = 0, maxReference = 0;
        for (var s = 0; s < sequences; s++)
        {
            var expected = ReferenceDecoder.LastLogits(spec, weights, prompts[s]);
            for (var v = 0; v < vocab; v++)
            {
                var a = actual[(s * vocab) + v];
                if (!float.IsFinite(a))
                {
                    return new DecoderValidation(false, double.NaN, double.NaN, $"{spec.Model.Id}: decode logit {v} of sequence {s} is {a}");
                }

                maxError = Math.Max(maxError, Math.Abs(a - expected[v]));
                maxReference = Math.Max(maxReference, Math.Abs(expected[v]));
            }
        }

        var tolerance = RelativeTolerance * maxReference;
        return maxError <= tolerance
            ? new DecoderValidation(true, maxError, tolerance, null)
            : new DecoderValidation(false, maxError, tolerance, $"{Describe(spec.Model, spec.Layers)}: decode-step logits differ from the float64 forward by {maxError:E2} (tolerance {tolerance:E2})");
    }

    private static string Describe(ModelConfig model, int layers) => $"{model.Id} ({layers} layers)";
}

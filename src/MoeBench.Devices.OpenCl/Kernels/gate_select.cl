// gate_select: one work-item per token, over that token's router logits (computed by gemm into `scores`, which this
// overwrites): optional logit bias, softmax or sigmoid scores, DeepSeek-V3 group limit (a group scores the sum of its
// two best experts; only the best `top_k_groups` groups stay eligible), top-k best first (the first of equal scores
// wins, as in the reference), then renormalisation and the routed scale. A chosen or ineligible expert is marked
// −∞: every score is at least 0, so the mark never ties a real one.
#define MAX_GATE_GROUPS 64

__kernel void gate_select(
    __global float* scores, __global const float* bias, int has_bias, int experts, int top_k, int sigmoid_score,
    int renormalize, float routed_scale, int groups, int top_k_groups, int tokens, __global int* ids,
    __global float* weights)
{
    const int t = get_global_id(0);
    if (t >= tokens)
    {
        return;
    }

    __global float* s = scores + (size_t)t * experts;
    if (has_bias)
    {
        for (int j = 0; j < experts; j++)
        {
            s[j] += bias[(size_t)t * experts + j];
        }
    }

    if (sigmoid_score)
    {
        for (int j = 0; j < experts; j++)
        {
            s[j] = 1.0f / (1.0f + exp(-s[j]));
        }
    }
    else
    {
        float max = -INFINITY, total = 0.0f;
        for (int j = 0; j < experts; j++)
        {
            max = fmax(max, s[j]);
        }

        for (int j = 0; j < experts; j++)
        {
            s[j] = exp(s[j] - max);
            total += s[j];
        }

        for (int j = 0; j < experts; j++)
        {
            s[j] /= total;
        }
    }

    if (groups > 1)
    {
        const int size = experts / groups;
        float group_score[MAX_GATE_GROUPS];
        for (int g = 0; g < groups; g++)
        {
            float first = -INFINITY, second = -INFINITY;
            for (int j = g * size; j < (g + 1) * size; j++)
            {
                if (s[j] > first)
                {
                    second = first;
                    first = s[j];
                }
                else if (s[j] > second)
                {
                    second = s[j];
                }
            }

            group_score[g] = first + (size > 1 ? second : 0.0f);
        }

        ulong keep = 0;
        for (int r = 0; r < top_k_groups; r++)
        {
            int best = -1;
            for (int g = 0; g < groups; g++)
            {
                if (!((keep >> g) & 1) && (best < 0 || group_score[g] > group_score[best]))
                {
                    best = g;
                }
            }

            keep |= 1UL << best;
        }

        for (int j = 0; j < experts; j++)
        {
            if (!((keep >> (j / size)) & 1))
            {
                s[j] = -INFINITY;
            }
        }
    }

    float sum = 0.0f;
    for (int r = 0; r < top_k; r++)
    {
        int best = -1;
        for (int j = 0; j < experts; j++)
        {
            if (s[j] != -INFINITY && (best < 0 || s[j] > s[best]))
            {
                best = j;
            }
        }

        ids[(size_t)t * top_k + r] = best;
        weights[(size_t)t * top_k + r] = s[best];
        sum += s[best];
        s[best] = -INFINITY;
    }

    for (int r = 0; r < top_k; r++)
    {
        const size_t i = (size_t)t * top_k + r;
        weights[i] = (renormalize ? weights[i] / sum : weights[i]) * routed_scale;
    }
}

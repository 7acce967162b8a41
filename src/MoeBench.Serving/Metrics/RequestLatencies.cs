namespace MoeBench.Serving.Metrics;

/// <summary>
/// The latencies of one finished request, in seconds, as LoadGen and vLLM's serving benchmark define them
/// (shared/reference/serving-benchmarks.md): TTFT = first token − arrival; E2E = last token − arrival;
/// TPOT = (E2E − TTFT) / (output tokens − 1), undefined for a one-token output (vLLM leaves such requests out of its
/// TPOT list); ITL = every gap between two consecutive tokens.
/// </summary>
public sealed record RequestLatencies(double Ttft, double E2e, double? Tpot, IReadOnlyList<double> Itl)
{
    /// <summary>Null for a request that produced no token or did not finish: it has no latencies to report.</summary>
    public static RequestLatencies? Of(RequestRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is not { FirstTokenSeconds: { } first, FinishSeconds: { } finish })
        {
            return null;
        }

        var ttft = first - request.ArrivalSeconds;
        var e2e = finish - request.ArrivalSeconds;
        var tokens = request.TokenSeconds;
        var itl = new double[Math.Max(tokens.Count - 1, 0)];
        for (var i = 1; i < tokens.Count; i++)
        {
            itl[i - 1] = tokens[i] - tokens[i - 1];
        }

        return new RequestLatencies(ttft, e2e, tokens.Count > 1 ? (e2e - ttft) / (tokens.Count - 1) : null, itl);
    }

    /// <summary>
    /// Whether the request met both limits (a request with no TPOT meets that one): DistServe's and vLLM's
    /// <c>--goodput</c> rule that a request counts only if it meets every SLO.
    /// </summary>
    public bool Meets(SloLimits slo)
    {
        ArgumentNullException.ThrowIfNull(slo);
        return Ttft * 1000 <= slo.TtftMs && (Tpot is not { } tpot || tpot * 1000 <= slo.TpotMs);
    }
}

/// <summary>A scenario's latency limits per request, in milliseconds (MLPerf's Mixtral-8x7B bounds: 2000 / 200).</summary>
public sealed record SloLimits(double TtftMs, double TpotMs);

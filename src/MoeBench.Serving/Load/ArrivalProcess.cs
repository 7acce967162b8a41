namespace MoeBench.Serving.Load;

/// <summary>When requests arrive, in seconds from the start of the run, drawn from a seeded generator.</summary>
public interface IArrivalProcess
{
    IReadOnlyList<double> Arrivals(int count, Random random);
}

/// <summary>LoadGen's Offline scenario: every query is issued at once, at t = 0.</summary>
public sealed class OfflineArrivals : IArrivalProcess
{
    public IReadOnlyList<double> Arrivals(int count, Random random) => new double[count];
}

/// <summary>
/// LoadGen's Server scenario and vLLM's <c>--request-rate</c> / <c>--burstiness</c>: gaps drawn from
/// gamma(k, 1/(rate·k)), so the mean rate is <paramref name="rate"/> whatever k; k = 1 is Poisson (exponential
/// gaps), k &lt; 1 burstier, k &gt; 1 more regular (shared/reference/serving-benchmarks.md). The first request
/// arrives after one gap, as in vLLM's benchmark.
/// </summary>
public sealed class GammaArrivals : IArrivalProcess
{
    public GammaArrivals(double rate, double burstiness)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burstiness);
        (Rate, Burstiness) = (rate, burstiness);
    }

    /// <summary>Mean requests per second.</summary>
    public double Rate { get; }

    /// <summary>The gamma shape k: 1 is Poisson.</summary>
    public double Burstiness { get; }

    public IReadOnlyList<double> Arrivals(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var arrivals = new double[count];
        var t = 0.0;
        for (var i = 0; i < count; i++)
        {
            t += GammaSampler.Sample(random, Burstiness, 1 / (Rate * Burstiness));
            arrivals[i] = t;
        }

        return arrivals;
    }
}

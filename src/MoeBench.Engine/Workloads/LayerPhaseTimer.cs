using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Devices;
using MoeBench.Devices.Layers;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// Times each phase of layer forwards: synchronise, read the clock, charge the interval to the phase just submitted.
/// The result is each phase's median share of its forward laid over the layer's median (see <see cref="LayerProfile"/>).
/// </summary>
internal sealed class LayerPhaseTimer(IDevice device, TimeProvider time) : ILayerPhaseObserver
{
    private readonly List<Dictionary<string, double>> _forwards = [];
    private readonly List<(string Name, bool IsGemm)> _order = [];
    private long _last;

    /// <summary>Call right before each forward.</summary>
    public void Start()
    {
        device.Synchronize();
        _forwards.Add([]);
        _last = time.GetTimestamp();
    }

    public void PhaseSubmitted(string phase, bool isGemm)
    {
        device.Synchronize();
        var now = time.GetTimestamp();
        if (!_order.Any(p => p.Name == phase))
        {
            _order.Add((phase, isGemm));
        }

        var forward = _forwards[^1];
        forward[phase] = forward.GetValueOrDefault(phase) + time.GetElapsedTime(_last, now).TotalNanoseconds;
        _last = now;
    }

    /// <summary>The phases' median shares of their forwards, normalised to add up to one, times <paramref name="layerMedianNs"/>.</summary>
    public LayerProfile Result(double layerMedianNs)
    {
        var shares = _order.Select(p => SampleStatistics.From([.. _forwards.Select(f => Share(f, p.Name))]).MedianNs).ToList();
        var sum = shares.Sum();
        return new([.. _order.Select((p, i) => new PhaseTime(p.Name, sum > 0 ? shares[i] / sum * layerMedianNs : 0, p.IsGemm))]);
    }

    private static double Share(Dictionary<string, double> forward, string phase)
    {
        var total = forward.Values.Sum();
        return total > 0 ? forward.GetValueOrDefault(phase) / total : 0;
    }
}

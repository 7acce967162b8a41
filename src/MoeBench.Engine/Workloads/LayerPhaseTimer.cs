using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Devices;
using MoeBench.Devices.Layers;

namespace MoeBench.Engine.Workloads;

/// <summary>Times each phase of layer forwards: synchronise, read the clock, charge the interval to the phase just submitted.</summary>
internal sealed class LayerPhaseTimer(IDevice device, TimeProvider time) : ILayerPhaseObserver
{
    private readonly Dictionary<string, (List<double> Ns, bool IsGemm)> _phases = [];
    private readonly List<string> _order = [];
    private long _last;

    /// <summary>Call right before each forward.</summary>
    public void Start()
    {
        device.Synchronize();
        _last = time.GetTimestamp();
    }

    public void PhaseSubmitted(string phase, bool isGemm)
    {
        device.Synchronize();
        var now = time.GetTimestamp();
        if (!_phases.TryGetValue(phase, out var entry))
        {
            entry = ([], isGemm);
            _phases[phase] = entry;
            _order.Add(phase);
        }

        entry.Ns.Add(time.GetElapsedTime(_last, now).TotalNanoseconds);
        _last = now;
    }

    public LayerProfile Result() =>
        new([.. _order.Select(p => new PhaseTime(p, SampleStatistics.From(_phases[p].Ns).MedianNs, _phases[p].IsGemm))]);
}

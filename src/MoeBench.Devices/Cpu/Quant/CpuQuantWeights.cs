using MoeBench.Core;
using MoeBench.Core.Quant;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>Experts packed once into <see cref="QuantPanels"/>, each in its own format and allocation.</summary>
internal sealed class CpuQuantWeights : IDeviceWeights
{
    private readonly QuantPanels[] _groups;

    public CpuQuantWeights(IReadOnlyList<QuantizedMatrix> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new ArgumentException("no weight groups", nameof(groups));
        }

        var (k, n) = (groups[0].K, groups[0].N);
        if (groups.Any(g => g.K != k || g.N != n))
        {
            throw new ArgumentException($"every group must be [{k} × {n}]", nameof(groups));
        }

        _groups = new QuantPanels[groups.Count];
        try
        {
            for (var g = 0; g < groups.Count; g++)
            {
                _groups[g] = QuantPanels.Pack(groups[g]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        (K, N) = (k, n);
        DType = groups.Select(g => g.Format.DType).MinBy(d => d.Bits());
        Bytes = _groups.Sum(g => g.Bytes);
    }

    public IReadOnlyList<QuantPanels> Panels => _groups;

    public int Groups => _groups.Length;

    public int K { get; }

    public int N { get; }

    public DType DType { get; }

    public long Bytes { get; }

    public void Dispose()
    {
        foreach (var g in _groups)
        {
            g?.Dispose();
        }
    }
}

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// G weight matrices of the same [k × n] (one per expert), each packed as a <see cref="PackedMatrix"/> with its own
/// allocation, so a grouped product touches only the experts that received rows.
/// </summary>
public sealed class PackedGroups : IDisposable
{
    private readonly PackedMatrix[] _groups;

    private PackedGroups(PackedMatrix[] groups, int k, int n)
    {
        _groups = groups;
        K = k;
        N = n;
    }

    public int Groups => _groups.Length;

    public int K { get; }

    public int N { get; }

    public GemmIsa Isa => _groups[0].Isa;

    public PackedMatrix this[int group] => _groups[group];

    /// <summary>Packs B laid out [groups][k][n] contiguous, for the widest kernel family this processor accelerates.</summary>
    public static PackedGroups Pack(ReadOnlySpan<float> b, int groups, int k, int n) => Pack(b, groups, k, n, GemmIsa.Auto);

    public static PackedGroups Pack(ReadOnlySpan<float> b, int groups, int k, int n, GemmIsa isa)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        long size = (long)k * n;
        if (b.Length < size * groups)
        {
            throw new ArgumentException($"B holds {b.Length} floats; [{groups} × {k} × {n}] needs {size * groups}.", nameof(b));
        }

        var packed = new PackedMatrix[groups];
        try
        {
            for (var g = 0; g < groups; g++)
            {
                packed[g] = PackedMatrix.Pack(b.Slice(checked((int)(g * size)), (int)size), k, n, isa);
            }
        }
        catch
        {
            foreach (var m in packed)
            {
                m?.Dispose();
            }

            throw;
        }

        return new PackedGroups(packed, k, n);
    }

    public void Dispose()
    {
        foreach (var m in _groups)
        {
            m.Dispose();
        }
    }
}

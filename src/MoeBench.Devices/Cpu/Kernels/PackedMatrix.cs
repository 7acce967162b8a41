using System.Runtime.InteropServices;

namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// A row-major [k × n] fp32 weight matrix packed once, at weight-load time, into the micro-kernel's layout:
/// ⌈n / NR⌉ column panels, each [k × NR] row-major and contiguous over all of k, the last zero-padded to NR columns
/// (and k to even, see <see cref="KPadded"/>).
/// A k-block of a panel is then one contiguous KC×NR run (the register tile's whole B operand), and a decode-size
/// product streams each panel front to back: exactly the access the hardware prefetchers like.
/// Memory is native, 64-byte aligned (one cache line, one zmm); <see cref="Dispose"/> frees it, there is no finalizer.
/// </summary>
public sealed unsafe class PackedMatrix : IDisposable
{
    private float* _data;

    private PackedMatrix(int k, int n, GemmIsa isa)
    {
        K = k;
        N = n;
        Isa = isa;
        PanelWidth = isa.PanelWidth();
        Panels = (n + PanelWidth - 1) / PanelWidth;
        _data = (float*)NativeMemory.AlignedAlloc(checked((nuint)PanelStride * (nuint)Panels * sizeof(float)), 64);
    }

    /// <summary>Rows of B (the reduction dimension).</summary>
    public int K { get; }

    /// <summary>Columns of B (and of C).</summary>
    public int N { get; }

    /// <summary>The kernel family the layout was packed for (never <see cref="GemmIsa.Auto"/>).</summary>
    public GemmIsa Isa { get; }

    /// <summary>Bytes of packed storage, padding included: what a bandwidth figure should count as weight traffic.</summary>
    public long PackedBytes => PanelStride * Panels * sizeof(float);

    internal int PanelWidth { get; }

    internal int Panels { get; }

    /// <summary>K rounded up to even: one zero row ends each panel of odd K so the tiles can always step k two at a time.</summary>
    internal int KPadded => K + (K & 1);

    /// <summary>Floats between the starts of consecutive panels.</summary>
    internal long PanelStride => (long)KPadded * PanelWidth;

    internal float* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(PackedMatrix));

    /// <summary>Packs B (row-major [k × n]) for the widest kernel family this processor accelerates.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> b, int k, int n) => Pack(b, k, n, GemmIsa.Auto);

    /// <summary>Packs B for a chosen kernel family; tests use this to cover every family on any processor.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> b, int k, int n, GemmIsa isa)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (b.Length < (long)k * n)
        {
            throw new ArgumentException($"B holds {b.Length} floats; [{k} × {n}] needs {(long)k * n}.", nameof(b));
        }

        var packed = new PackedMatrix(k, n, isa.Resolve());
        packed.Fill(b);
        return packed;
    }

    private void Fill(ReadOnlySpan<float> b)
    {
        int nr = PanelWidth;
        for (var p = 0; p < Panels; p++)
        {
            int j0 = p * nr;
            int cols = Math.Min(nr, N - j0);
            var panel = new Span<float>(_data + (p * PanelStride), checked((int)PanelStride));
            for (var row = 0; row < K; row++)
            {
                var dst = panel.Slice(row * nr, nr);
                b.Slice((row * N) + j0, cols).CopyTo(dst);
                dst[cols..].Clear();
            }

            panel[(K * nr)..].Clear();
        }
    }

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}

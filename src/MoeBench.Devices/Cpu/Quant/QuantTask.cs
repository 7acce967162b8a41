using MoeBench.Core;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>One expert's product C[m × n] = A[m × k]·W, W packed as <see cref="QuantPanels"/>. Plain data for worker threads.</summary>
internal unsafe struct QuantTask
{
    public float* A;
    public float* C;
    public int M;
    public int K;
    public int N;
    public DType DType;
    public byte* Data;
    public long PanelBytes;
    public int PairBytes;
    public float* Scales;
    public int ScaleRows;
    public int GroupRows;

    /// <summary>The rows' int16 activation codes (stride <see cref="ActivationQuantizer.Stride"/>) where they stream by integer dot products, else null.</summary>
    public short* Codes;

    /// <summary>The rows' activation scales, one per block of 32 k (<see cref="ActivationQuantizer.Blocks"/> per row), beside <see cref="Codes"/>.</summary>
    public float* RowScales;

    public static QuantTask For(float* a, QuantPanels w, float* c, int m) => new()
    {
        A = a,
        C = c,
        M = m,
        K = w.K,
        N = w.N,
        DType = w.Format.DType,
        Data = w.Data,
        PanelBytes = w.PanelBytes,
        PairBytes = w.PairBytes,
        Scales = w.Scales,
        ScaleRows = w.ScaleRows,
        GroupRows = w.GroupRows,
    };
}

/// <summary>Panels [Panel0, Panel1) of one task, all its rows: a disjoint block of C.</summary>
internal struct QuantItem
{
    public int Task;
    public int Panel0;
    public int Panel1;
}

/// <summary>What every work item of one parallel region reads.</summary>
internal unsafe struct QuantJob
{
    public QuantTask* Tasks;
    public QuantItem* Items;
    public bool Stream;
    public bool Stream512;
    public bool VectorDequantize;
}

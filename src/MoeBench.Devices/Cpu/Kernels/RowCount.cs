namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// A row count known to the JIT: micro-kernels are generic over a struct implementing this, so each instantiation
/// is compiled separately with <c>if (TRows.Value &gt; i)</c> folded away and exactly the accumulators it needs.
/// That gives full-speed tails (m % MR rows) and decode tiles (1–8 rows) without one hand-written kernel per count.
/// </summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal readonly struct Rows1 : IRowCount
{
    public static int Value => 1;
}

internal readonly struct Rows2 : IRowCount
{
    public static int Value => 2;
}

internal readonly struct Rows3 : IRowCount
{
    public static int Value => 3;
}

internal readonly struct Rows4 : IRowCount
{
    public static int Value => 4;
}

internal readonly struct Rows5 : IRowCount
{
    public static int Value => 5;
}

internal readonly struct Rows6 : IRowCount
{
    public static int Value => 6;
}

internal readonly struct Rows7 : IRowCount
{
    public static int Value => 7;
}

internal readonly struct Rows8 : IRowCount
{
    public static int Value => 8;
}

namespace MoeBench.Core.Ops;

/// <summary>
/// Work of one invocation: floating-point operations and the minimum bytes it must move between memory and the
/// chip (every input read once, every output written once). The single source for GFLOP/s, GB/s, arithmetic
/// intensity and % of roof.
/// </summary>
public readonly record struct OpCost(double Flops, double Bytes)
{
    public double ArithmeticIntensity => Bytes > 0 ? Flops / Bytes : double.PositiveInfinity;

    public static OpCost operator +(OpCost a, OpCost b) => new(a.Flops + b.Flops, a.Bytes + b.Bytes);
}

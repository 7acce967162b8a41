namespace MoeBench.Core.Ops;

/// <summary>
/// Work of one invocation: floating-point operations and the minimum bytes it must move between memory and the
/// chip (every input read once, every output written once). The single source for GFLOP/s, GB/s, arithmetic
/// intensity and % of roof.
/// </summary>
/// <param name="IntegerFlops">
/// The part of <paramref name="Flops"/> whose products have int8/int4 weights: a device with integer dot products
/// (<see cref="DeviceInfo.PeakFlopsInteger"/>) can do them above its fp32 peak, so they are held to that roof.
/// </param>
public readonly record struct OpCost(double Flops, double Bytes, double IntegerFlops = 0)
{
    public double ArithmeticIntensity => Bytes > 0 ? Flops / Bytes : double.PositiveInfinity;

    public static OpCost operator +(OpCost a, OpCost b) => new(a.Flops + b.Flops, a.Bytes + b.Bytes, a.IntegerFlops + b.IntegerFlops);
}

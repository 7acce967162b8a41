using MoeBench.Core;
using MoeBench.Core.Ops;

namespace MoeBench.Devices;

/// <summary>
/// A device whose products round the fp32 activations before multiplying: llama.cpp converts them to its weights'
/// dot-product type (bf16 for bf16 weights, 8-bit q8_0 blocks for q8_0 and q4_0). Such a product is correct to the
/// precision of that rounding, not to fp32's, so it is validated at the tolerance the rounding implies — a stated
/// bound, not a loosened one: an indexing or tail bug still shows an error of order one.
/// </summary>
public interface IActivationRounding
{
    /// <summary>How <paramref name="op"/> over weights of <paramref name="weights"/> rounds its activations; null where it keeps fp32.</summary>
    ActivationRounding? Rounding(OpKind op, DType weights);
}

/// <summary>Activations rounded to <paramref name="Format"/>, whose relative rounding error is at most <paramref name="UnitRoundoff"/>.</summary>
public sealed record ActivationRounding(string Format, double UnitRoundoff)
{
    /// <summary>
    /// Normwise relative error a correct product stays under: four unit roundoffs. Independent rounding errors of the
    /// K activations add up like a random walk against a sum that grows the same way, so the error stays of the order
    /// of one unit roundoff: measured 0.4 of it for bf16 and 1.4–1.6 for q8_0 (whose bound is relative to the block's
    /// largest value, not to each value) on the ggml device tests' shapes; four leaves room for unlucky draws.
    /// </summary>
    public double Tolerance => 4 * UnitRoundoff;

    /// <summary>For a validation message: which rounding, and the bound it gives.</summary>
    public override string ToString() => $"activations rounded to {Format}, tolerance {Tolerance:G3}";
}

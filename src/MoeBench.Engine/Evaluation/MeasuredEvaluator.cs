using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Measurement;

namespace MoeBench.Engine.Evaluation;

/// <summary>
/// Today's loop as an evaluator: kernels and layers built on the device, validated against float64, warmed up,
/// piloted and sampled by <see cref="CaseMeasurer"/>.
/// </summary>
public sealed class MeasuredEvaluator(CaseMeasurer measurer) : IEvaluator
{
    public string Name => ResultMetrics.MeasuredEvaluator;

    public bool Accepts(CaseSpec spec, DeviceInfo device) => spec.Level is CaseLevel.Kernel or CaseLevel.Layer;

    /// <summary>
    /// A device that lacks an op (a BLAS library has no gate) skips the case rather than failing it: a failure
    /// means a wrong result, and this is no result at all. A layer needs every op.
    /// </summary>
    public string? SkipReason(CaseSpec spec, IDevice device, DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(info);
        DType dtype;
        DType? weights;
        try
        {
            (dtype, weights) = (CommonParams.DTypeOf(spec.Params), CommonParams.WeightDTypeOf(spec.Params));
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }

        // A layer case is an MoE block: it needs every op except attention, which only a decoder adds around it.
        IEnumerable<OpKind> ops = spec.Level == CaseLevel.Layer
            ? Enum.GetValues<OpKind>().Where(o => o is not (OpKind.AttentionDecode or OpKind.AttentionPrefill))
            : OpNames.TryParse(spec.Name, out var op) ? [op] : [];
        var missing = ops.Where(o => !device.Supports(o, dtype)).Select(o => o.ToName()).ToList();
        if (missing.Count == 0 && weights is { } w && w != DType.F32 && !device.Supports(OpKind.QuantGroupedGemm, w))
        {
            return $"{info.Id} does not support {w.ToName()} weights";
        }

        if (missing.Count == 0 && device is IWeightFormats formats && CommonParams.WeightFormatOf(spec.Params) is { } format
            && formats.Unsupported(format) is { } unsupported)
        {
            return $"{info.Id} does not support {format} weights: {unsupported}";
        }

        return missing.Count == 0 ? null : $"{info.Id} does not support {string.Join(", ", missing)} ({dtype.ToName()})";
    }

    public CaseResult Evaluate(EvaluationRequest evaluation, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return measurer.Measure(evaluation.Spec, evaluation.Device, cancellation, evaluation.Earlier, evaluation.Info);
    }
}

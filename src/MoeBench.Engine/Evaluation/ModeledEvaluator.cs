using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Devices.Modeled;

namespace MoeBench.Engine.Evaluation;

/// <summary>
/// Kernel and layer cases on a <c>modeled:NAME</c> device, predicted from its hardware profile: each kernel's time by
/// <see cref="TieredRoofline"/> from the op definition's cost, a layer's as the sum of its phases (one kernel each, as
/// the layer executor submits them), each phase's prediction kept in the result's profile. Nothing runs, so nothing is
/// validated against float64: a prediction has no relative error, and its device details say so. Results carry
/// provenance modeled and the profile's hash in their roof source, and the metrics a measured result has — time per
/// invocation, GFLOP/s, GB/s, tokens/s, % of peak (the model's own share of its roofs).
/// </summary>
/// <param name="seed">The run's seed: routed ops and layers draw the same routing the measured ones do.</param>
public sealed class ModeledEvaluator(int seed, OpCatalog? ops = null) : IEvaluator
{
    public const string EvaluatorName = "modeled";

    private readonly OpCatalog _ops = ops ?? OpCatalog.Default;

    public string Name => EvaluatorName;

    public bool Accepts(CaseSpec spec, DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(device);
        return device.Kind == Provenance.Modeled && spec.Level is CaseLevel.Kernel or CaseLevel.Layer;
    }

    public string? SkipReason(CaseSpec spec, Devices.IDevice device, DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(info);
        if (device is not IProfiledDevice)
        {
            return $"{info.Id} has no hardware profile to predict from";
        }

        if (spec.Level == CaseLevel.Kernel && !_ops.TryGetKernel(spec.Name, out _))
        {
            return $"no definition of op '{spec.Name}' to take its cost from";
        }

        return TieredRoofline.Unpredictable(info);
    }

    public CaseResult Evaluate(EvaluationRequest evaluation, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var (spec, info) = (evaluation.Spec, evaluation.Info);
        var launch = ((IProfiledDevice)evaluation.Device).Profile.LaunchOverheadSeconds.Value;
        var cache = CommonParams.CacheOf(spec.Params);
        var definition = _ops.For(spec);
        LayerPhaseCost[] kernels;
        try
        {
            kernels = spec.Level == CaseLevel.Layer && definition is LayerDefinition layer ? Phases(layer, spec) : [new(spec.Name, definition.Cost(spec, seed), IsGemm: false)];
        }
        catch (ArgumentException e)
        {
            return CaseResult.Failed(spec, info, $"cannot cost the case: {e.Message}", null, default, seed, cache.ToName());
        }

        var cost = default(OpCost);
        var phases = new List<PhaseTime>(kernels.Length);
        foreach (var kernel in kernels)
        {
            var prediction = TieredRoofline.Predict(kernel.Cost, info, cache, launch);
            phases.Add(new PhaseTime(kernel.Name, prediction.Seconds * 1e9, kernel.IsGemm));
            cost += kernel.Cost;
        }

        var ns = phases.Sum(p => p.MedianNs);
        var metrics = Metrics.From(cost, ns, definition.Tokens(spec), info, cache);
        return new CaseResult(
            spec, info, Provenance.Modeled, ResultStatus.Ok, null, null, cost, null, metrics, [], 0, seed, cache.ToName(), null,
            Profile: spec.Level == CaseLevel.Layer ? new LayerProfile(phases) : null,
            OtherMetrics: [MetricValue.Of(WellKnownMetrics.TimePerInvocation, ns)],
            Evaluator: EvaluatorName);
    }

    private LayerPhaseCost[] Phases(LayerDefinition layer, CaseSpec spec)
    {
        var p = layer.Read(spec);
        var plan = p.Spec(seed);
        return [.. LayerDefinition.Phases(plan, SeededRouting.RowsPerExpert(p.Assignment(plan, seed), plan.Model.Experts, plan.Capacity))];
    }
}

using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;

namespace MoeBench.Engine.Evaluation;

/// <summary>One (case, device) to evaluate, as the runner hands it over.</summary>
/// <param name="Info">The device with this run's roofs (see <c>IRoofSource</c>).</param>
/// <param name="Earlier">
/// The pair's result from an earlier round that passed, where there is one: an evaluator may pool into it (the
/// measured one does) or ignore it (a deterministic prediction).
/// </param>
public sealed record EvaluationRequest(CaseSpec Spec, IDevice Device, DeviceInfo Info, CaseResult? Earlier);

/// <summary>
/// How a case becomes a result: timed in a loop (<see cref="MeasuredEvaluator"/>), predicted from a device
/// profile, served as a scenario, or measured by an external engine. The runner picks one per case and device from
/// an <see cref="EvaluatorRegistry"/> and knows none of them; it records <see cref="Name"/> on every result.
/// </summary>
public interface IEvaluator
{
    /// <summary>Stored with each result (<c>measured</c>, <c>modeled</c>, …); a stable name, as a metric id is.</summary>
    string Name { get; }

    /// <summary>Whether this evaluator produces results for the case on the device.</summary>
    bool Accepts(CaseSpec spec, DeviceInfo device);

    /// <summary>Why the pair cannot be evaluated here (a device that lacks an op), or null to go ahead.</summary>
    string? SkipReason(CaseSpec spec, IDevice device, DeviceInfo info);

    /// <summary>The result; a failure is a result with status failed, never an exception.</summary>
    CaseResult Evaluate(EvaluationRequest evaluation, CancellationToken cancellation);
}

using MoeBench.Core;
using MoeBench.Core.Cases;

namespace MoeBench.Engine.Evaluation;

/// <summary>
/// The evaluators a run may use, in order of preference: the first that accepts a (case, device) pair evaluates it.
/// A new evaluator is registered here, never added to the runner (STYLE 1).
/// </summary>
public sealed class EvaluatorRegistry(IEnumerable<IEvaluator> evaluators)
{
    private readonly IReadOnlyList<IEvaluator> _evaluators = [.. evaluators];

    /// <summary>The evaluator for the pair, or null where none accepts it.</summary>
    public IEvaluator? For(CaseSpec spec, DeviceInfo device) => _evaluators.FirstOrDefault(e => e.Accepts(spec, device));
}

using MoeBench.Core.Cases;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Suites;
using MoeBench.Serving.Engine;
using MoeBench.Serving.Scenarios;

namespace MoeBench.Cli;

/// <summary>
/// The one place the CLI learns about serving: the scenarios suites may name, and the evaluators a run uses — kernels
/// and layers timed in the loop, scenarios served by the real engine (<see cref="ServingEngines.Create"/>).
/// </summary>
public static class ServingWiring
{
    public static ScenarioCatalog Scenarios => ServingScenarios.Catalog;

    /// <summary>Why a scenario case cannot be served (lengths past the model's context), checked before any work; null when it can.</summary>
    public static string? Problem(CaseSpec spec) => ScenarioPlanning.Problem(spec);

    /// <summary>
    /// Modeled devices' cases predicted from their profiles (first: a modeled device runs nothing, so the measured
    /// evaluator must never get it), kernels and layers timed, scenarios served.
    /// </summary>
    public static EvaluatorRegistry Evaluators(CaseMeasurer measurer, int seed) =>
        new([new ModeledEvaluator(seed), new MeasuredEvaluator(measurer), new ServingEvaluator(ServingEngines.Create)]);
}

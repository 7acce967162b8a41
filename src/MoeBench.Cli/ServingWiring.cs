using MoeBench.Devices;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Suites;
using MoeBench.Serving;
using MoeBench.Serving.Scenarios;

namespace MoeBench.Cli;

/// <summary>
/// The one place the CLI learns about serving: the scenarios suites may name, the evaluators a run uses, and the
/// engine that serves scenarios.
/// </summary>
public static class ServingWiring
{
    /// <summary>
    /// The serving engine every scenario case is built with. MERGE HOOK: the engine side (branch serving-engine)
    /// brings <c>ServingEngines.Create</c>; point this at it — <c>= ServingEngines.Create;</c> — and delete
    /// <see cref="NotWired"/>.
    /// </summary>
    public static ServingEngineFactory Engines { get; } = NotWired;

    public static ScenarioCatalog Scenarios => ServingScenarios.Catalog;

    /// <summary>Kernels and layers timed in the loop; scenarios served by the engine.</summary>
    public static EvaluatorRegistry Evaluators(CaseMeasurer measurer) =>
        new([new MeasuredEvaluator(measurer), new ServingEvaluator(Engines)]);

    /// <summary>Until the engine merges, a scenario case fails with this reason instead of running.</summary>
    private static IServingEngine NotWired(IDevice device, ServingEngineOptions options) =>
        throw new InvalidOperationException("no serving engine is wired into this build (ServingWiring.Engines)");
}

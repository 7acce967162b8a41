using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Evaluation;
using MoeBench.Serving.Metrics;

namespace MoeBench.Serving.Scenarios;

/// <summary>
/// Serves a scenario case for real: builds the engine on the device through the injected factory, checks its decoder
/// against float64 first (a failed check is a failed result, nothing timed), runs the load on the clock (real time
/// unless a test gives another), and stores the metrics, the per-request records and the step timeline — INVALID
/// with the rule it broke when the run missed a minimum (<see cref="RunValidity"/>).
/// </summary>
public sealed class ServingEvaluator(ServingEngineFactory engines, Func<IServingClock>? clocks = null) : IEvaluator
{
    private readonly Func<IServingClock> _clocks = clocks ?? (() => new WallClock());

    public string Name => "serving";

    public bool Accepts(CaseSpec spec, DeviceInfo device) =>
        spec is { Level: CaseLevel.Scenario } && ServingScenarios.Catalog.TryGet(spec.Name, out _);

    public string? SkipReason(CaseSpec spec, IDevice device, DeviceInfo info) => null;

    /// <summary>A serving run is not repeated in later rounds of the runner: its result is the run, not a sample.</summary>
    public CaseResult Evaluate(EvaluationRequest evaluation, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.Earlier is { } earlier)
        {
            return earlier;
        }

        var (spec, info) = (evaluation.Spec, evaluation.Info);
        ScenarioSettings settings;
        try
        {
            settings = ScenarioSettings.Read(spec);
        }
        catch (ArgumentException e)
        {
            return Failed(spec, info, 0, e.Message);
        }

        var seed = settings.Engine.Seed;
        try
        {
            using var engine = engines(evaluation.Device, settings.Engine);
            var validation = engine.Validate();
            if (!validation.Passed)
            {
                return Failed(spec, info, seed, string.Create(CultureInfo.InvariantCulture, $"decoder check against float64 failed: max |error| {validation.MaxAbsError:G3} > {validation.Tolerance:G3}{(validation.Message is null ? "" : $" ({validation.Message})")}"))
                    with
                { RelativeError = validation.MaxAbsError };
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(TimeSpan.FromSeconds(settings.MaxDurationSeconds));
            ServingOutcome outcome;
            try
            {
                outcome = LoadRunner.Run(engine, settings, _clocks(), limit.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // The run's own limit, not the user's Ctrl-C: an engine that threw instead of returning what it had.
                return Failed(spec, info, seed, string.Create(CultureInfo.InvariantCulture, $"max_duration_s ({settings.MaxDurationSeconds} s) ended the run and the engine returned no outcome"));
            }

            cancellation.ThrowIfCancellationRequested();
            var summary = ServingMetrics.Compute(outcome, settings.Slo);
            var violation = RunValidity.Violation(settings, summary);
            var result = CaseResult.FromMetrics(spec, info, Provenance.Measured, default, seed, summary.Metrics, Name) with
            {
                Serving = Timeline(outcome),
            };
            return violation is null ? result : result with { Status = ResultStatus.Invalid, FailureReason = violation };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or IOException)
        {
            return Failed(spec, info, seed, e.Message);
        }
    }

    private CaseResult Failed(CaseSpec spec, DeviceInfo info, int seed, string reason) =>
        CaseResult.Failed(spec, info, reason, null, default, seed, "") with { Provenance = Provenance.Measured, Evaluator = Name };

    private static ServingTimeline Timeline(ServingOutcome outcome) => new(
        [.. outcome.Requests.Select(r => new ServedRequest(
            r.Id, r.ArrivalSeconds, r.PromptTokens, r.OutputTokens, r.FirstTokenSeconds, r.TokenSeconds, r.FinishSeconds,
            r.Preemptions, r.PrefixTokensReused, r.Warmup))],
        [.. outcome.Steps.Select(s => new ServedStep(
            s.Index, s.StartSeconds, s.EndSeconds, s.PrefillTokens, s.DecodeTokens, s.RunningRequests, s.WaitingRequests, s.KvBlocksUsed))],
        outcome.KvBlocksTotal);
}

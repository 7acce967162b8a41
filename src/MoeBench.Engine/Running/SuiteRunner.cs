using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Calibration;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Measurement;

namespace MoeBench.Engine.Running;

/// <summary>One (case, device) pair of a run's plan.</summary>
public sealed record PlannedMeasurement(CaseSpec Spec, string DeviceId);

/// <summary>
/// Where a run stands, for progress display; <paramref name="Skipped"/> says why a pair was not measured,
/// <paramref name="Status"/> what the run is doing besides measuring (calibrating a device).
/// </summary>
public sealed record RunProgress(int Done, int Total, PlannedMeasurement Current, CaseResult? Last, string? Skipped = null, string? Status = null);

/// <summary>
/// Runs a plan case by case, each on all its devices in turn (every device opened once per round, disposed after),
/// handing every result to <paramref name="sink"/> the moment it is measured so an interrupted run keeps all it
/// measured: after every round, with the samples of all its rounds so far, so a later round's result of a pair extends
/// (replaces) its earlier one. Each device gets its roofs from <paramref name="roofs"/> once per run, before the first
/// case, and every result of it is measured against them. Each pair is evaluated by the first of
/// <paramref name="evaluators"/> that accepts it, whose name the result records; the runner knows none of them.
/// With <c>turns</c> the run waits for its turn before it starts and before each measurement (<see cref="IMeasurementTurns"/>).
/// </summary>
public sealed class SuiteRunner(DeviceRegistry registry, EvaluatorRegistry evaluators, IRoofSource? roofs = null)
{
    private readonly IRoofSource _roofs = roofs ?? OpenedRoofs.Instance;

    /// <summary>A runner that times every kernel and layer case (<see cref="MeasuredEvaluator"/>), as MoeBench always has.</summary>
    public SuiteRunner(DeviceRegistry registry, CaseMeasurer measurer, IRoofSource? roofs = null)
        : this(registry, new EvaluatorRegistry([new MeasuredEvaluator(measurer)]), roofs)
    {
    }

    public void Run(
        IReadOnlyList<PlannedMeasurement> plan, int rounds, Action<CaseResult> sink, Action<RunProgress> progress, CancellationToken cancellation,
        IMeasurementTurns? turns = null)
    {
        turns?.Await(cancellation);
        var done = 0;
        var total = plan.Count * Math.Max(rounds, 1);
        var earlier = new CaseResult?[plan.Count];
        var infos = new Dictionary<string, DeviceInfo>(StringComparer.Ordinal);
        var deviceIds = plan.Select(p => p.DeviceId).Distinct(StringComparer.Ordinal).ToList();
        for (var round = 0; round < Math.Max(rounds, 1); round++)
        {
            var devices = new Dictionary<string, IDevice>(StringComparer.Ordinal);
            try
            {
                foreach (var id in deviceIds)
                {
                    var entry = registry.Find(id);
                    if (!entry.IsAvailable)
                    {
                        throw new InvalidOperationException($"device '{id}' is unavailable: {entry.UnavailableReason}");
                    }

                    var device = entry.Open!();
                    devices[id] = device;
                    if (!infos.ContainsKey(id))
                    {
                        var first = plan.First(p => p.DeviceId == id);
                        infos[id] = _roofs.RoofsFor(device, status => progress(new RunProgress(done, total, first, null, Status: status)), cancellation);
                    }
                }

                foreach (var (item, index) in InRoundOrder(plan, round))
                {
                    cancellation.ThrowIfCancellationRequested();
                    done++;
                    var device = devices[item.DeviceId];
                    var info = infos[item.DeviceId];
                    if (evaluators.For(item.Spec, info) is not { } evaluator)
                    {
                        progress(new RunProgress(done, total, item, null, $"no evaluator accepts {item.Spec.Level.ToName()} '{item.Spec.Name}' on {info.Id}"));
                        continue;
                    }

                    if (evaluator.SkipReason(item.Spec, device, info) is { } reason)
                    {
                        progress(new RunProgress(done, total, item, null, reason));
                        continue;
                    }

                    if (round > 0 && earlier[index] is not { Status: ResultStatus.Ok })
                    {
                        continue; // failed validation in round one: never timed
                    }

                    turns?.Await(cancellation);
                    progress(new RunProgress(done - 1, total, item, null));
                    var result = evaluator.Evaluate(new EvaluationRequest(item.Spec, device, info, earlier[index]), cancellation) with { Evaluator = evaluator.Name };
                    earlier[index] = result;
                    sink(result);

                    progress(new RunProgress(done, total, item, result));
                }
            }
            finally
            {
                foreach (var device in devices.Values)
                {
                    device.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// The first round measures in the plan's order (validation and the progress lines follow the suite); each later
    /// round in its own order, seeded by the round so that a run is reproducible. A host's slow phase of a few hundred
    /// milliseconds slows the cases measured next to each other, and a suite lists one op's cases together: in one
    /// fixed order those neighbours were hit together round after round, so their run-to-run noise moved as one (a
    /// correlation of 0.85 among the four grouped_gemm cases of gate-check.yaml on the project's 2-core VM, drift
    /// removed), which neither pooling an op's cases nor removing the machine's drift can average away.
    /// <para>
    /// A case's devices stay next to each other, and a later round starts each case on another of its devices: a
    /// device comparison is only fair when both devices meet the same phase of a shared host. Measured device by
    /// device, a perf run's `cpu` decode cases met a slow phase of the host's memory and its `ggml` ones a fast one:
    /// ggml came out up to 10% ahead on five cases where, measured side by side, `cpu` was 5–33% faster on all eight.
    /// </para>
    /// </summary>
    private static IEnumerable<(PlannedMeasurement Item, int Index)> InRoundOrder(IReadOnlyList<PlannedMeasurement> plan, int round)
    {
        var cases = plan.Select((item, index) => (item, index)).GroupBy(p => p.item.Spec).Select(g => g.ToArray()).ToArray();
        if (round > 0)
        {
            new Random(round).Shuffle(cases);
        }

        return cases.SelectMany(devices => devices.Skip(round % devices.Length).Concat(devices.Take(round % devices.Length)));
    }
}

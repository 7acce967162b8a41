using MoeBench.Core.Calibration;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>
/// Where runs and their results live. Results are written one by one as they are measured, each in its own
/// transaction, so an interrupted run keeps everything it measured. A run left <c>running</c> by a process that
/// is gone reads as <see cref="RunStatus.Incomplete"/>.
/// </summary>
public interface IResultStore : IDisposable
{
    /// <summary>Starts a run with status <c>running</c>, recording this process's id and host.</summary>
    long BeginRun(RunContext context);

    /// <summary>
    /// Stores one result (its case, device, statistics and raw samples) atomically. A result for a case and device
    /// the run already holds replaces it: each round of a case stores its result extended by that round's samples.
    /// </summary>
    void AddResult(long runId, CaseResult result);

    /// <summary>Sets the run's final status and end time.</summary>
    void FinishRun(long runId, RunStatus status);

    /// <summary>Records what else used the machine during the run (may be called again as the run goes on).</summary>
    void SetContention(long runId, RunContention contention);

    RunRecord? GetRun(long runId);

    /// <summary>The newest run by id, or null in an empty store.</summary>
    RunRecord? LatestRun();

    /// <summary>Up to <paramref name="limit"/> runs, newest first.</summary>
    IReadOnlyList<RunRecord> ListRuns(int limit);

    /// <summary>A run's results in the order they were stored (without serving timelines: read those one by one).</summary>
    IReadOnlyList<StoredResult> GetResults(long runId);

    /// <summary>A serving result's per-request records and step timeline; null where the result has none.</summary>
    ServingTimeline? GetServingTimeline(long resultId);

    /// <summary>
    /// Up to <paramref name="limit"/> runs, newest start first (ties: newest id), filtered by exact branch, by a
    /// commit prefix (case-insensitive) and by the status readers see; a null filter matches every run.
    /// </summary>
    IReadOnlyList<RunRecord> FindRuns(string? branch, string? commitPrefix, RunStatus? status, int limit);

    /// <summary>
    /// The <paramref name="limit"/> newest complete runs holding an <c>ok</c> result of the case on the device
    /// identity with the metric <paramref name="metricId"/>, oldest first (time order), one entry per run (the run's
    /// last result for that case).
    /// </summary>
    IReadOnlyList<HistoryEntry> CaseHistory(string caseId, string deviceIdentity, string metricId, int limit);

    /// <summary>Stores a calibration (its <see cref="DeviceCalibration.Id"/> is ignored) and returns its new id.</summary>
    long SaveCalibration(DeviceCalibration calibration);

    /// <summary>The newest calibration of a device identity by measurement time, or null where it was never calibrated.</summary>
    DeviceCalibration? LatestCalibration(string deviceKey);
}

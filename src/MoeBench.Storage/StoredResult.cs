using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>A result as read back from a store: its row id, its run and the full measurement.</summary>
public sealed record StoredResult(long Id, long RunId, CaseResult Result);

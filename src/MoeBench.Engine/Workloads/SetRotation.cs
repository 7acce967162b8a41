namespace MoeBench.Engine.Workloads;

/// <summary>
/// The input sets of a workload and the device resources they own. Set 0 is built first; further sets only when
/// the case is cold: as many as the bytes one invocation touches call for, within the memory set 0's size allows
/// (<see cref="WorkloadContext.SetsFor"/>).
/// </summary>
internal sealed class SetRotation<TSet> : IDisposable
    where TSet : IDisposable
{
    private readonly List<TSet> _sets = [];

    /// <param name="touchedBytes">Bytes one invocation touches: the op's <c>OpCost.Bytes</c>, the minimum it must move.</param>
    public SetRotation(WorkloadContext context, double touchedBytes, Func<int, TSet> build, Func<TSet, long> bytes)
    {
        _sets.Add(build(0));
        var count = context.SetsFor(touchedBytes, bytes(_sets[0]));
        for (var i = 1; i < count; i++)
        {
            _sets.Add(build(i));
        }
    }

    public int Count => _sets.Count;

    public TSet this[int index] => _sets[index % _sets.Count];

    public void Dispose()
    {
        foreach (var set in _sets)
        {
            set.Dispose();
        }

        _sets.Clear();
    }
}

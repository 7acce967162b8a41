using MoeBench.Core.Cases;

namespace MoeBench.Reporting.Tables;

/// <summary>
/// Which results of different devices are the same measurement: the same level, op or model and parameters —
/// everything but the device — where a peer library's own quantised format counts as the format of ours it stands in
/// for. The rule, in full: <c>weight_dtype: q8_0</c> (ggml's blocks of 32 int8 codes, one scale each) pairs with our
/// <c>weight_dtype: int8</c>, and <c>weight_dtype: q4_0</c> (blocks of 32 int4 codes) with our
/// <c>weight_dtype: int4, group_size: 32</c>; every other parameter must be equal. Nothing else is translated, so an
/// int4 case with groups of 128 has no ggml peer rather than a wrong one.
/// </summary>
public static class PeerPairing
{
    /// <summary>A peer's format and the (weight_dtype, group_size) of ours it is compared with; no group size for int8.</summary>
    public static IReadOnlyDictionary<string, (string WeightDType, long? GroupSize)> Counterparts { get; } =
        new Dictionary<string, (string, long?)>(StringComparer.Ordinal)
        {
            ["q8_0"] = ("int8", null),
            ["q4_0"] = ("int4", 32L),
        };

    /// <summary>The case a result is matched by: <paramref name="spec"/> with a peer's format named as our counterpart.</summary>
    public static CaseSpec Key(CaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Params.TryGetValue("weight_dtype", out var dtype) || dtype is not string name || !Counterparts.TryGetValue(name, out var ours))
        {
            return spec;
        }

        var values = spec.Params.Where(kv => kv.Key is not ("weight_dtype" or "group_size")).ToList();
        values.Add(new("weight_dtype", ours.WeightDType));
        if (ours.GroupSize is { } group)
        {
            values.Add(new("group_size", group));
        }

        return spec with { Params = new CaseParams(values) };
    }

    /// <summary>Whether two results' cases are the same measurement on different devices (see the rule above).</summary>
    public static bool Pairs(CaseSpec a, CaseSpec b)
    {
        var (ka, kb) = (Key(a), Key(b));
        return ka.Level == kb.Level && ka.Name == kb.Name && ka.Params.Equals(kb.Params);
    }

    /// <summary>The peer format a case names (<c>q8_0</c>), or null where it names one of ours.</summary>
    public static string? PeerFormat(CaseSpec spec) =>
        spec?.Params.TryGetValue("weight_dtype", out var dtype) == true && dtype is string name && Counterparts.ContainsKey(name) ? name : null;
}

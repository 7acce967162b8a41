namespace MoeBench.Core.Ops.Definitions;

/// <summary>How a parameter's YAML scalar is read and how it is stored in <c>CaseParams</c>.</summary>
public enum ParamKind
{
    /// <summary>A whole number written as a plain YAML integer, stored as <see cref="long"/>.</summary>
    Whole,

    /// <summary>A plain YAML number, stored as <see cref="double"/> even when written <c>1</c>.</summary>
    Number,

    /// <summary>One of <see cref="ParamSpec.Allowed"/>, stored as written.</summary>
    Choice,

    /// <summary>A dtype name (<c>DTypeNames</c>), stored by its canonical name.</summary>
    DType,

    /// <summary>A load distribution (<c>LoadDistribution</c>), stored as its canonical <c>Text</c>.</summary>
    Routing,

    /// <summary>A model zoo id with optional scale (<c>ModelZoo</c>), stored exactly as written.</summary>
    Model,

    /// <summary>Free text (a file path, a length distribution), stored as written and checked by <see cref="ParamSpec.Check"/>.</summary>
    Text,
}

/// <summary>
/// One parameter of an op or layer case: its kind, whether it must be given, the default otherwise, and its
/// range. Bounds by another parameter (<see cref="AtMost"/>, <see cref="AtLeast"/>) are checked per expanded
/// combination, so <c>top_k ≤ experts</c> holds for every point of a grid.
/// </summary>
/// <param name="Default">Typed and canonical (long, double or string) — written into every case that omits it.</param>
public sealed record ParamSpec(string Name, ParamKind Kind, bool Required = false, object? Default = null)
{
    public double? Min { get; init; }

    /// <summary>Whether <see cref="Min"/> itself is excluded (<c>&gt; 0</c> rather than <c>≥ 0</c>).</summary>
    public bool MinExclusive { get; init; }

    public double? Max { get; init; }

    /// <summary>The values a <see cref="ParamKind.Choice"/> accepts.</summary>
    public IReadOnlyList<string> Allowed { get; init; } = [];

    /// <summary>Name of a sibling parameter this one may not exceed.</summary>
    public string? AtMost { get; init; }

    /// <summary>Name of a sibling parameter this one may not fall below.</summary>
    public string? AtLeast { get; init; }

    /// <summary>
    /// Where set, the parameter belongs only to combinations where the condition holds: it is dropped from the
    /// others (so <c>weight_dtype: [int8, int4], group_size: [32, 128]</c> gives one int8 case, not two), and an
    /// entry that gives it where it never applies is an error.
    /// </summary>
    public ParamCondition? OnlyWhen { get; init; }

    /// <summary>
    /// For <see cref="ParamKind.Text"/>: why a value is wrong, or null when it is fine — run when the suite is loaded,
    /// so a bad trace file or distribution stops the run before anything is measured.
    /// </summary>
    public Func<string, string?>? Check { get; init; }
}

/// <summary>
/// Holds in a combination where any of <see cref="AnyOf"/> is given and, when <see cref="Value"/> is set, has that
/// value. <see cref="Required"/>: the conditional parameter must then be given.
/// </summary>
public sealed record ParamCondition(IReadOnlyList<string> AnyOf, string? Value, bool Required)
{
    public bool HoldsIn(IReadOnlyDictionary<string, object> values, out string? because)
    {
        because = AnyOf.FirstOrDefault(p => values.TryGetValue(p, out var v) && (Value is null || Equals(v, Value)));
        return because is not null;
    }

    /// <summary><c>weight_dtype or hot_dtype is int4</c>, <c>hot_experts is given</c>.</summary>
    public override string ToString() => $"{string.Join(" or ", AnyOf)} {(Value is null ? "is given" : $"is {Value}")}";
}

/// <summary>
/// One of several mutually exclusive ways to specify an op (grouped_gemm by <c>model</c> + <c>proj</c>, or by
/// explicit shape). A case uses exactly one form; the other forms' parameters are then not allowed.
/// </summary>
public sealed record ParamForm(string Name, IReadOnlyList<ParamSpec> Params);

/// <summary>The parameters one kind of case takes: those always allowed, plus at most one <see cref="ParamForm"/>.</summary>
public sealed record OpSchema(string Name, IReadOnlyList<ParamSpec> Params, IReadOnlyList<ParamForm> Forms)
{
    public IEnumerable<ParamSpec> AllParams => Params.Concat(Forms.SelectMany(f => f.Params));
}

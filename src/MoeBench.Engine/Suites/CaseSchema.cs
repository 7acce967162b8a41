using MoeBench.Core;

namespace MoeBench.Engine.Suites;

/// <summary>
/// The parameters of every op and of layer cases, as data. Adding an op to suites means adding one entry to
/// <see cref="Kernels"/>; the loader, defaults, range checks and error messages follow from it.
/// </summary>
public static class CaseSchema
{
    private static readonly ParamSpec DTypeParam = new("dtype", ParamKind.DType, Default: DType.F32.ToName());

    private static readonly ParamSpec Cache = new("cache", ParamKind.Choice, Default: "hot") { Allowed = ["hot", "cold"] };

    private static readonly ParamSpec Tokens = Count("tokens");

    private static readonly ParamSpec Routing = new("routing", ParamKind.Routing, Default: "uniform");

    private static readonly ParamSpec Model = new("model", ParamKind.Model, Required: true);

    /// <summary>0 means dropless: every routed token is computed.</summary>
    private static readonly ParamSpec CapacityFactor = new("capacity_factor", ParamKind.Number, Default: 0.0) { Min = 0 };

    /// <summary>Kernel cases, one schema per op name (as <c>OpNames</c> spells it).</summary>
    public static IReadOnlyList<OpSchema> Kernels { get; } =
    [
        Kernel("gemm", [Count("m"), Count("n"), Count("k")]),
        Kernel(
            "grouped_gemm",
            [Tokens, Routing],
            new ParamForm("model", [Model, new("proj", ParamKind.Choice, Default: "up") { Allowed = ["up", "down"] }]),
            new ParamForm("shape", [Count("experts"), Count("top_k") with { AtMost = "experts" }, Count("k"), Count("n")])),
        Kernel("gate", [Tokens, Routing, Model]),
        Kernel("permute", [Tokens, Routing, Model, CapacityFactor]),
        Kernel("unpermute", [Tokens, Routing, Model, CapacityFactor]),
        Kernel("swiglu", [Count("rows"), Count("ffn")]),
        Kernel("rmsnorm", [Count("rows"), Count("hidden")]),
    ];

    /// <summary>Layer cases: a whole MoE block of the model named by <c>layer:</c>.</summary>
    public static OpSchema Layer { get; } = new(
        "layer",
        [
            Tokens, Routing, CapacityFactor,
            Count("zero_experts", min: 0, required: false), Count("copy_experts", min: 0, required: false),
            Count("const_experts", min: 0, required: false), DTypeParam, Cache,
        ],
        []);

    public static bool TryGetKernel(string op, out OpSchema schema)
    {
        schema = Kernels.FirstOrDefault(k => k.Name == op)!;
        return schema is not null;
    }

    /// <summary>Every kernel also takes a dtype and a cache state.</summary>
    private static OpSchema Kernel(string name, ParamSpec[] specific, params ParamForm[] forms) =>
        new(name, [.. specific, DTypeParam, Cache], forms);

    /// <summary>An integer count; kernels take it as <c>int</c>, hence the upper bound.</summary>
    private static ParamSpec Count(string name, long min = 1, bool required = true) =>
        new(name, ParamKind.Whole, required, required ? null : 0L) { Min = min, Max = int.MaxValue };
}

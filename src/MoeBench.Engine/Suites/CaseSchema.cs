using MoeBench.Core;

namespace MoeBench.Engine.Suites;

/// <summary>
/// The parameters of every op and of layer cases, as data. Adding an op to suites means adding one entry to
/// <see cref="Kernels"/>; the loader, defaults, range checks and error messages follow from it.
/// </summary>
public static class CaseSchema
{
    /// <summary>Activations (and, outside quant_grouped_gemm and weight_dtype, weights): fp32 only.</summary>
    private static readonly ParamSpec DTypeParam = new("dtype", ParamKind.DType, Default: DType.F32.ToName()) { Allowed = [DType.F32.ToName()] };

    private static readonly string[] LowPrecision = [DType.BF16.ToName(), DType.I8.ToName(), DType.I4.ToName()];

    /// <summary>
    /// K rows per int4 scale. 32 as llama.cpp's Q4_0, 128 as GPTQ/AWQ checkpoints; required for int4, dropped for
    /// the other types (so a grid of weight_dtype × group_size gives one case per int8 or bf16).
    /// </summary>
    private static ParamSpec GroupSize(params string[] dtypeParams) =>
        new("group_size", ParamKind.Whole) { Allowed = ["32", "128"], OnlyWhen = new(dtypeParams, DType.I4.ToName(), Required: true) };

    private static readonly ParamSpec Cache = new("cache", ParamKind.Choice, Default: "hot") { Allowed = ["hot", "cold"] };

    private static readonly ParamSpec Tokens = Count("tokens");

    private static readonly ParamSpec Routing = new("routing", ParamKind.Routing, Default: "uniform");

    private static readonly ParamSpec Model = new("model", ParamKind.Model, Required: true);

    /// <summary>0 means dropless: every routed token is computed.</summary>
    private static readonly ParamSpec CapacityFactor = new("capacity_factor", ParamKind.Number, Default: 0.0) { Min = 0 };

    private static readonly ParamForm[] ExpertShapes =
    [
        new ParamForm("model", [Model, new("proj", ParamKind.Choice, Default: "up") { Allowed = ["up", "down"] }]),
        new ParamForm("shape", [Count("experts"), Count("top_k") with { AtMost = "experts" }, Count("k"), Count("n")]),
    ];

    /// <summary>Kernel cases, one schema per op name (as <c>OpNames</c> spells it).</summary>
    public static IReadOnlyList<OpSchema> Kernels { get; } =
    [
        Kernel("gemm", [Count("m"), Count("n"), Count("k")]),
        Kernel("grouped_gemm", [Tokens, Routing], ExpertShapes),
        Kernel(
            "quant_grouped_gemm",
            [Tokens, Routing, new("weight_dtype", ParamKind.DType, Required: true) { Allowed = LowPrecision }, GroupSize("weight_dtype")],
            ExpertShapes),
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

            // No defaults: a layer case that does not name them keeps the id it had before they existed.
            new("weight_dtype", ParamKind.DType) { Allowed = [DType.F32.ToName(), .. LowPrecision] },
            new("hot_experts", ParamKind.Whole) { Min = 1, Max = int.MaxValue },
            new("hot_dtype", ParamKind.DType) { Allowed = [DType.F32.ToName(), .. LowPrecision], OnlyWhen = new(["hot_experts"], null, Required: false) },
            GroupSize("weight_dtype", "hot_dtype"),
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

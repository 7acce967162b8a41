using MoeBench.Core.Cases;
using MoeBench.Core.Quant;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>
/// Parameters several ops share, defined once: their schema entries and their typed reads. Every kernel takes
/// <see cref="DTypeParam"/> and <see cref="Cache"/>; consumers that hold only a case (the engine's cache policy,
/// a device's dtype check, a report's filter) read them here instead of restating a default.
/// </summary>
public static class CommonParams
{
    /// <summary>Activations (and, outside quant_grouped_gemm and weight_dtype, weights): fp32 only.</summary>
    public static ParamSpec DTypeParam { get; } = new("dtype", ParamKind.DType, Default: DType.F32.ToName()) { Allowed = [DType.F32.ToName()] };

    public static ParamSpec Cache { get; } = new("cache", ParamKind.Choice, Default: "hot") { Allowed = ["hot", "cold"] };

    public static ParamSpec Tokens { get; } = Count("tokens");

    public static ParamSpec Routing { get; } = new("routing", ParamKind.Routing, Default: "uniform");

    public static ParamSpec Model { get; } = new("model", ParamKind.Model, Required: true);

    /// <summary>0 means dropless: every routed token is computed.</summary>
    public static ParamSpec CapacityFactor { get; } = new("capacity_factor", ParamKind.Number, Default: 0.0) { Min = 0 };

    public static IReadOnlyList<string> LowPrecision { get; } = [DType.BF16.ToName(), DType.I8.ToName(), DType.I4.ToName()];

    /// <summary>
    /// K rows per int4 scale. 32 as llama.cpp's Q4_0, 128 as GPTQ/AWQ checkpoints; required for int4, dropped for
    /// the other types (so a grid of weight_dtype × group_size gives one case per int8 or bf16).
    /// </summary>
    public static ParamSpec GroupSize(params string[] dtypeParams) =>
        new("group_size", ParamKind.Whole) { Allowed = ["32", "128"], OnlyWhen = new(dtypeParams, DType.I4.ToName(), Required: true) };

    /// <summary>An integer count; kernels take it as <c>int</c>, hence the upper bound.</summary>
    public static ParamSpec Count(string name, long min = 1, bool required = true) =>
        new(name, ParamKind.Whole, required, required ? null : 0L) { Min = min, Max = int.MaxValue };

    /// <summary>The cache state a case asks for: the <c>cache</c> parameter, its schema default when omitted.</summary>
    public static CacheState CacheOf(CaseParams p) => CacheStates.Parse(new ParamValues(Cache, p).Text(Cache.Name));

    /// <summary>The activations' dtype: the <c>dtype</c> parameter, its schema default when omitted.</summary>
    public static DType DTypeOf(CaseParams p) => new ParamValues(DTypeParam, p).DType(DTypeParam.Name);

    /// <summary>
    /// The routed experts' weight format's dtype where a case names one (<c>weight_dtype</c>), null where it does
    /// not: such a case keeps every weight in fp32.
    /// </summary>
    public static DType? WeightDTypeOf(CaseParams p) =>
        p.ContainsKey("weight_dtype") ? new ParamValues(new ParamSpec("weight_dtype", ParamKind.DType), p).DType("weight_dtype") : null;

    /// <summary>
    /// The routed experts' weight format where a case names one: <see cref="WeightDTypeOf"/> with, for int4, its
    /// <c>group_size</c> (a device may support int4 in some group sizes only).
    /// </summary>
    public static WeightFormat? WeightFormatOf(CaseParams p) => WeightDTypeOf(p) is { } dtype
        ? WeightFormat.Of(dtype, dtype == DType.I4 ? new ParamValues(GroupSize("weight_dtype"), p).Whole("group_size") : 0)
        : null;
}

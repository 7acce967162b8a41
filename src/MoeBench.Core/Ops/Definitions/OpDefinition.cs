using MoeBench.Core.Cases;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>An op definition whose parameters read into <typeparamref name="TParams"/>; code reads that record, never strings.</summary>
public abstract class OpDefinition<TParams> : IOpDefinition
    where TParams : IOpParams
{
    public abstract CaseLevel Level { get; }

    public abstract string Name { get; }

    public abstract OpSchema Schema { get; }

    /// <summary>The case's typed parameters; throws <see cref="ArgumentException"/> on parameters the schema rejects.</summary>
    public abstract TParams Read(CaseSpec spec);

    public abstract OpCost Cost(TParams p, int seed);

    /// <summary>Tokens one invocation processes (0 where tokens/s means nothing, e.g. a bare GEMM).</summary>
    public virtual double Tokens(TParams p) => 0;

    /// <summary>
    /// See <see cref="IOpDefinition.Footprint"/>. By default the bytes its cost moves, which is every buffer once for
    /// an op whose cost draws no routing; a routed op overrides it, since drawing the routing of an oversized case is
    /// itself what must not happen.
    /// </summary>
    public virtual double Footprint(TParams p) => Cost(p, seed: 0).Bytes;

    OpCost IOpDefinition.Cost(CaseSpec spec, int seed) => Cost(Read(spec), seed);

    double IOpDefinition.Footprint(CaseSpec spec) => Footprint(Read(spec));

    double IOpDefinition.Tokens(CaseSpec spec) => Tokens(Read(spec));

    /// <summary>The case's parameters, defaults from <see cref="Schema"/>.</summary>
    protected ParamValues Values(CaseSpec spec) => new(Schema, spec.Params);
}

/// <summary>A kernel op: its own parameters plus the <c>dtype</c> and <c>cache</c> every kernel takes.</summary>
public abstract class KernelDefinition<TParams> : OpDefinition<TParams>
    where TParams : IOpParams
{
    /// <summary>A built-in op: its name is <see cref="OpNames"/>' spelling of <paramref name="kind"/>, the key devices declare support by.</summary>
    protected KernelDefinition(OpKind kind, ParamSpec[] specific, params ParamForm[] forms)
        : this(kind.ToName(), specific, forms)
    {
    }

    /// <summary>An op no device declares by <see cref="OpKind"/> (a plug-in's): every device is asked to run it.</summary>
    protected KernelDefinition(string name, ParamSpec[] specific, params ParamForm[] forms)
    {
        Name = name;
        Schema = new(name, [.. specific, CommonParams.DTypeParam, CommonParams.Cache], forms);
    }

    public sealed override CaseLevel Level => CaseLevel.Kernel;

    public sealed override string Name { get; }

    public sealed override OpSchema Schema { get; }
}

using MoeBench.Core.Cases;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>
/// One kind of case defined once: its name and level, its parameter schema (which the suite loader validates
/// against), its typed parameters, and its cost from parameters alone — no device. Everything else about an op
/// (the suite schema, the workload catalog, <c>list</c>'s cost columns) derives from its definition.
/// </summary>
public interface IOpDefinition
{
    CaseLevel Level { get; }

    /// <summary>The op name a suite's <c>kernel:</c> gives; <c>layer</c> for the layer definition.</summary>
    string Name { get; }

    OpSchema Schema { get; }

    /// <summary>
    /// Work of one invocation. Routed ops and layers draw their routing from <paramref name="seed"/> exactly as the
    /// workload does, so the cost is deterministic and needs no device.
    /// </summary>
    OpCost Cost(CaseSpec spec, int seed);

    /// <summary>
    /// Bytes of one set of the case's inputs, outputs and weights, from its parameters alone and drawing no routing
    /// (every token routed to its top-k, every expert's weights held): an upper bound the planner checks against the
    /// machine's memory before anything is allocated.
    /// </summary>
    double Footprint(CaseSpec spec);

    /// <summary>Tokens one invocation processes (0 where tokens/s means nothing), from parameters alone.</summary>
    double Tokens(CaseSpec spec);
}

/// <summary>What every typed parameter record carries: the activations' dtype and the cache state.</summary>
public interface IOpParams
{
    DType DType { get; }

    CacheState Cache { get; }
}

using MoeBench.Core.Cases;
using MoeBench.Core.Models;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>
/// A case's parameters read through its schema: a parameter the case omits takes the schema's default, so a
/// default is stated once (in the <see cref="ParamSpec"/>) and never again where the value is used.
/// </summary>
public sealed class ParamValues(IReadOnlyList<ParamSpec> specs, CaseParams values)
{
    public ParamValues(OpSchema schema, CaseParams values)
        : this([.. schema.AllParams], values)
    {
    }

    public ParamValues(ParamSpec spec, CaseParams values)
        : this([spec], values)
    {
    }

    public bool Has(string name) => values.ContainsKey(name);

    public int Whole(string name) => Raw(name) is long l ? checked((int)l) : throw WrongType(name, "a whole number");

    public double Number(string name) => Raw(name) switch
    {
        long l => l,
        double d => d,
        _ => throw WrongType(name, "a number"),
    };

    public string Text(string name) => Raw(name) as string ?? throw WrongType(name, "text");

    public DType DType(string name) =>
        DTypeNames.TryParse(Text(name), out var d) ? d : throw new ArgumentException($"unknown {name} '{Text(name)}'");

    public CacheState Cache => CacheStates.Parse(Text(CommonParams.Cache.Name));

    public LoadDistribution Routing => LoadDistribution.Parse(Text(CommonParams.Routing.Name));

    public ModelConfig Model(string name = "model") => ModelZoo.Get(Text(name));

    private object Raw(string name) =>
        values.TryGetValue(name, out var v) ? v
        : specs.FirstOrDefault(s => s.Name == name)?.Default ?? throw new ArgumentException($"parameter '{name}' is missing");

    private static ArgumentException WrongType(string name, string expected) => new($"parameter '{name}' is not {expected}");
}

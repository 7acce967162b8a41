using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>Collects every error of one suite file, each once, so a user sees all problems in one pass.</summary>
internal sealed class SuiteErrors(string file)
{
    private readonly List<SuiteError> _errors = [];
    private readonly HashSet<SuiteError> _seen = [];

    public string File => file;

    public int Count => _errors.Count;

    /// <summary>Sorted by position; the order found is an implementation detail.</summary>
    public IReadOnlyList<SuiteError> Sorted => [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];

    public void Add(YamlNode node, string field, string message) => Add(node.Start, field, message);

    public void Add(Mark at, string field, string message) =>
        Add(checked((int)at.Line), checked((int)at.Column), field, message);

    public void Add(int line, int column, string field, string message)
    {
        var error = new SuiteError(file, line, column, field, message);
        if (_seen.Add(error))
        {
            _errors.Add(error);
        }
    }
}

using System.Text;

namespace MoeBench.Reporting.Gate;

/// <summary>What writing the gate's files produced: the paths written and, per failed writer, why.</summary>
public sealed record GateWriteOutcome(IReadOnlyList<string> Written, IReadOnlyList<string> Errors);

/// <summary>
/// Writes every gate file into a directory. One writer's failure is reported and the others still run
/// (BenchmarkDotNet's CompositeExporter): a broken JUnit file must not cost the PR its summary.
/// </summary>
public static class GateOutputs
{
    public static IReadOnlyList<IGateWriter> DefaultWriters { get; } =
        [new MarkdownSummaryWriter(), new JUnitWriter(), new CompareJsonWriter()];

    public static GateWriteOutcome WriteAll(string directory, GateResult result, IEnumerable<IGateWriter>? writers = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var errors = new List<string>();
        foreach (var writer in writers ?? DefaultWriters)
        {
            var path = Path.Combine(directory, writer.FileName);
            try
            {
                using (var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                {
                    file.NewLine = "\n";
                    writer.Write(result, file);
                }

                written.Add(path);
            }
#pragma warning disable CA1031 // Isolating one writer's failure of any kind is the point of the composite.
            catch (Exception e)
#pragma warning restore CA1031
            {
                errors.Add($"{writer.FileName}: {e.GetType().Name}: {e.Message}");
            }
        }

        return new GateWriteOutcome(written, errors);
    }
}

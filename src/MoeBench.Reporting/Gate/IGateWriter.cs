namespace MoeBench.Reporting.Gate;

/// <summary>One output file of the gate; one job each (BenchmarkDotNet's IExporter shape).</summary>
public interface IGateWriter
{
    /// <summary>File name inside the output directory, e.g. <c>summary.md</c>.</summary>
    string FileName { get; }

    /// <summary>Writes the whole file. Every number in invariant culture.</summary>
    void Write(GateResult result, TextWriter writer);
}

using System.CommandLine;
using System.Globalization;
using MoeBench.Reporting.Tables;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench table</c>: a run's performance table (<c>--table perf</c>) or peers table (<c>--table peers</c>) as
/// Markdown on stdout, or spliced into a document between <c>&lt;!-- NAME-table:begin --&gt;</c> and
/// <c>&lt;!-- NAME-table:end --&gt;</c> — how the README's tables are made, each in its own marked block.
/// </summary>
public static class TableCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run id, or 'latest'", DefaultValueFactory = _ => "latest" };
        var kind = new Option<string>("--table")
        {
            Description = "Which table: perf (rates, % of roof, vs cpu-blas, vs f32) or peers (the same cases on cpu and each peer device, with cpu's speed-up)",
            DefaultValueFactory = _ => "perf",
        };
        kind.AcceptOnlyFromAmong("perf", "peers");
        var into = new Option<FileInfo?>("--into") { Description = "Replace the table's marked section (<!-- perf-table:begin --> … or <!-- peers-table:begin --> …) of this Markdown file instead of printing" };
        var db = CommonOptions.Db();
        var command = new Command("table", "Print a run's performance or peers table (Markdown), generated from the database") { run, kind, into, db };
        command.SetAction(parse =>
        {
            var dbPath = parse.GetValue(db)!;
            using var store = StoreAccess.OpenExisting(dbPath);
            if (store is null)
            {
                return ExitCodes.BadInput;
            }

            var selector = parse.GetValue(run)!;
            var record = selector == "latest"
                ? store.LatestRun()
                : long.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? store.GetRun(id) : null;
            if (record is null)
            {
                Console.Error.WriteLine($"error: no run '{selector}' in {dbPath}");
                return ExitCodes.BadInput;
            }

            var name = parse.GetValue(kind)!;
            var results = store.GetResults(record.Id);
            var table = name == "peers" ? PeerTable.Markdown(record, results) : PerfTable.Markdown(record, results);
            if (parse.GetValue(into) is not { } file)
            {
                Console.Write(table);
                return ExitCodes.Ok;
            }

            try
            {
                File.WriteAllText(file.FullName, PerfTable.Splice(File.ReadAllText(file.FullName), table, $"<!-- {name}-table:begin -->", $"<!-- {name}-table:end -->"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"error: {file.FullName}: {e.Message}");
                return ExitCodes.BadInput;
            }

            Console.WriteLine($"{name} table of run {record.Id} written into {file.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

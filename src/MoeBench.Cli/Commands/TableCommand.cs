using System.CommandLine;
using System.Globalization;
using MoeBench.Reporting.Tables;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench table</c>: a run's performance table as Markdown on stdout, or spliced into a document between
/// <c>&lt;!-- perf-table:begin --&gt;</c> and <c>&lt;!-- perf-table:end --&gt;</c> — how the README's table is made.
/// </summary>
public static class TableCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run id, or 'latest'", DefaultValueFactory = _ => "latest" };
        var into = new Option<FileInfo?>("--into") { Description = "Replace the marked perf-table section of this Markdown file instead of printing" };
        var db = CommonOptions.Db();
        var command = new Command("table", "Print a run's performance table (Markdown): rates, % of roof, vs cpu-blas, vs f32") { run, into, db };
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

            var table = PerfTable.Markdown(record, store.GetResults(record.Id));
            if (parse.GetValue(into) is not { } file)
            {
                Console.Write(table);
                return ExitCodes.Ok;
            }

            try
            {
                File.WriteAllText(file.FullName, PerfTable.Splice(File.ReadAllText(file.FullName), table));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"error: {file.FullName}: {e.Message}");
                return ExitCodes.BadInput;
            }

            Console.WriteLine($"perf table of run {record.Id} written into {file.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

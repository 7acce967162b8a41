using System.CommandLine;
using System.Globalization;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary><c>moebench list --suite F</c>: the cases a suite expands to, with their stable ids.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "Suite YAML file", Required = true };
        var device = new Option<string?>("--device") { Description = "Override the suite's devices" };
        var filter = new Option<string?>("--filter") { Description = "Cases whose label, name or id match: a glob with * and ?, or text found anywhere in them (case-insensitive)" };
        var command = new Command("list", "List the cases a suite expands to") { suite, device, filter };
        command.SetAction(parse =>
        {
            var plan = SuitePlanning.Load(parse.GetRequiredValue(suite), parse.GetValue(device), parse.GetValue(filter), null, Console.Error);
            if (plan is null)
            {
                return ExitCodes.BadInput;
            }

            var table = new Table().AddColumns("case id", "level", "case", "device", "GFLOP", "MB");
            table.Columns[4].RightAligned();
            table.Columns[5].RightAligned();
            foreach (var m in plan.Measurements)
            {
                var (gflop, mb) = Cost(m.Spec, plan.Suite.Settings.Seed);
                table.AddRow(m.Spec.Id, m.Spec.Level.ToString().ToLowerInvariant(), Markup.Escape(m.Spec.Label), m.DeviceId, gflop, mb);
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{plan.Measurements.Count} measurements in suite [bold]{Markup.Escape(plan.Suite.Name)}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// One invocation's GFLOP and minimum MB from the op's definition, with the suite's seed for routed cases; a
    /// case whose parameters its workload would reject (more hot experts than the model has) shows why instead. A
    /// serving scenario is not one invocation of an op: its cells stay empty.
    /// </summary>
    private static (string Gflop, string Mb) Cost(CaseSpec spec, int seed)
    {
        if (spec.Level == CaseLevel.Scenario)
        {
            return ("", "");
        }

        try
        {
            var cost = OpCatalog.Default.Cost(spec, seed);
            return ((cost.Flops / 1e9).ToString("0.####", CultureInfo.InvariantCulture), (cost.Bytes / 1e6).ToString("0.###", CultureInfo.InvariantCulture));
        }
        catch (ArgumentException e)
        {
            return ("-", Markup.Escape(e.Message));
        }
    }
}

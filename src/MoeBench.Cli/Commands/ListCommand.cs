using System.CommandLine;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary><c>moebench list --suite F</c>: the cases a suite expands to, with their stable ids.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "Suite YAML file", Required = true };
        var device = new Option<string?>("--device") { Description = "Override the suite's devices" };
        var filter = new Option<string?>("--filter") { Description = "Glob over case label, name or id" };
        var command = new Command("list", "List the cases a suite expands to") { suite, device, filter };
        command.SetAction(parse =>
        {
            var plan = SuitePlanning.Load(parse.GetRequiredValue(suite), parse.GetValue(device), parse.GetValue(filter), null, Console.Error);
            if (plan is null)
            {
                return ExitCodes.BadInput;
            }

            var table = new Table().AddColumns("case id", "level", "case", "device");
            foreach (var m in plan.Measurements)
            {
                table.AddRow(m.Spec.Id, m.Spec.Level.ToString().ToLowerInvariant(), Markup.Escape(m.Spec.Label), m.DeviceId);
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{plan.Measurements.Count} measurements in suite [bold]{Markup.Escape(plan.Suite.Name)}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }
}

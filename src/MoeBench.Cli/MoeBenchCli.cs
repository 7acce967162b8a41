using System.CommandLine;
using MoeBench.Cli.Commands;
using MoeBench.Cli.Output;
using Spectre.Console;

namespace MoeBench.Cli;

/// <summary>The <c>moebench</c> command tree.</summary>
public sealed class MoeBenchCli(RootCommand root)
{
    public static MoeBenchCli Build()
    {
        var root = new RootCommand(
            """
            MoeBench: benchmark and profile Mixture-of-Experts workloads (kernels, layers, serving scenarios) on the
            devices `moebench devices` lists, with every result stored in a database with its full context.

            Examples:
              moebench devices
              moebench calibrate --device cpu
              moebench list --suite suites/quick.yaml
              moebench run --suite suites/quick.yaml --device cpu --filter 'grouped_gemm*'
              moebench results --run latest --json
              moebench table --run latest --into docs/performance.md
              moebench gate --baseline branch:main --candidate latest --out reports/gate
              moebench history --suite quick --device cpu --out reports/history
              moebench report --run latest --compare last:5 --out reports/latest

            Exit codes: 0 ok, 1 a case failed validation (run) or a confirmed regression (gate), 2 bad input,
            3 no usable baseline (gate), 4 common-mode slowdown: everything slower together beyond machine drift (gate),
            70 internal error (a bug), 130 interrupted (run stored as incomplete).
            """);
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ResultsCommand.Create());
        root.Subcommands.Add(TableCommand.Create());
        root.Subcommands.Add(CompareCommand.Create(gate: false));
        root.Subcommands.Add(CompareCommand.Create(gate: true));
        root.Subcommands.Add(AbCommand.Create());
        root.Subcommands.Add(GateCheckCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        return new MoeBenchCli(root);
    }

    /// <summary>Parses and runs; a command line that does not parse is bad input (exit 2), not a failure.</summary>
    public async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ConsoleLayout.Apply(AnsiConsole.Console, Environment.GetEnvironmentVariable("COLUMNS"), Console.IsOutputRedirected);
        var parse = root.Parse(args);
        // Ctrl-C / SIGTERM cancel the action's token; a run then stores itself as incomplete, which takes at most
        // one sample or one reference check — far below this limit.
        var config = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
        if (output is not null)
        {
            config.Output = output;
        }

        if (error is not null)
        {
            config.Error = error;
        }

        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var e in parse.Errors)
            {
                await (error ?? Console.Error).WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        // An exception no command turned into an exit code is a bug in MoeBench, not a regression (1) or bad input (2):
        // it gets its own code, so a CI step never reads a crash as a verdict.
        config.EnableDefaultExceptionHandler = false;
        try
        {
            return await parse.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await (error ?? Console.Error).WriteLineAsync($"internal error (a bug in MoeBench; please report it): {e}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}

using System.CommandLine;
using System.Globalization;
using MoeBench.Cli.Output;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench ab</c>: a pull request's gate, measured side by side. The base build (a checkout of the base commit,
/// built in Release) and this build each run the suite once, in turns (<see cref="TurnsConductor"/>), so both meet the
/// host's phases alike and <c>gate</c> judges the pair round by round; then head is gated against base. Runs measured
/// apart cannot tell a 5% slowdown from a shared VM's drift between them; runs in turns can (docs/gating.md gives the
/// rates <c>gate-check</c> measured for both).
/// </summary>
public static class AbCommand
{
    /// <summary>Where a checkout's <c>./run-bench.sh</c> (or <c>dotnet build -c Release</c>) puts the CLI.</summary>
    public const string BuildOutput = "src/MoeBench.Cli/bin/Release/net10.0/moebench.dll";

    public static Command Create()
    {
        var baseDir = new Option<string>("--base")
        {
            Description = $"A MoeBench checkout of the base commit, built in Release: its {BuildOutput} runs the base side, in that folder (so it records that commit)",
            Required = true,
            HelpName = "DIR",
        };
        var suite = new Option<string>("--suite")
        {
            Description = "Suite YAML file both sides run; it needs 6 to 60 rounds to be judged round by round",
            DefaultValueFactory = _ => "suites/gate-check.yaml",
        };
        var device = new Option<string?>("--device") { Description = "Run on this device instead of the suite's (see `moebench devices`)" };
        var filter = new Option<string?>("--filter") { Description = "Only cases whose label, name or id match (as `run --filter` takes it)" };
        var thresholds = new ThresholdOptions();
        var db = CommonOptions.Db();
        db.Description += ". Both builds write it: the base build opens it first, so it must not be from a newer MoeBench than the base";
        var outDir = new Option<string>("--out") { Description = "Directory for the gate's summary.md, junit.xml, compare.json", DefaultValueFactory = _ => "reports/ab" };
        var command = new Command(
            "ab",
            "Run a suite with the base build and this build in turns, then gate this one against the base (exit codes as gate's: 0 none, 1 regression or a run failed, 2 bad input, 4 common-mode slowdown)")
        {
            baseDir, suite, device, filter, db, outDir,
        };
        thresholds.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(
            parse.GetRequiredValue(baseDir), parse.GetValue(suite)!, parse.GetValue(device), parse.GetValue(filter), thresholds.Read(parse), parse.GetValue(db)!,
            parse.GetValue(outDir)!, cancellation)));
        return command;
    }

    private static int Run(
        string baseDir, string suitePath, string? device, string? filter, ThresholdFlags flags, string dbPath, string outDir, CancellationToken cancellation)
    {
        var registry = Backends.Load(Console.Error);
        var planned = registry is null ? null : SuitePlanning.Load(suitePath, device, filter, registry, Console.Error);
        if (planned is null)
        {
            return ExitCodes.BadInput;
        }

        if (planned.Suite.Settings.Rounds is < ComparisonOptions.MinPairedRounds or > SignedRank.MaxCount)
        {
            Console.Error.WriteLine(F(
                $"note: {suitePath} takes {planned.Suite.Settings.Rounds} rounds; outside {ComparisonOptions.MinPairedRounds} to {SignedRank.MaxCount} the pair is judged as two runs measured apart (docs/gating.md)"));
        }

        var baseRoot = Path.GetFullPath(baseDir);
        var baseBuild = Path.Combine(baseRoot, BuildOutput);
        if (!File.Exists(baseBuild))
        {
            Console.Error.WriteLine(
                $"error: --base '{baseDir}': no {BuildOutput} there; build the base first (in it: dotnet build src/MoeBench.Cli/MoeBench.Cli.csproj -c Release), "
                + "or let ./run-bench.sh --ab REF check it out and build it");
            return ExitCodes.BadInput;
        }

        // Both sides take the same files whatever their working folders: the suite this build checked, one store.
        string[] run =
        [
            "run", "--suite", Path.GetFullPath(suitePath), "--db", Path.GetFullPath(dbPath), .. Optional("--device", device), .. Optional("--filter", filter),
        ];
        var group = TurnsConductor.NewGroup();
        TurnsConductor.Turn[] turns =
        [
            new(TurnsConductor.Build(baseBuild, baseRoot, [.. run, "--turns", group]), $"the base's moebench run (in {baseDir})"),
            new(TurnsConductor.Self([.. run, "--turns", group]), "this build's moebench run"),
        ];
        // A run waits once to start and once before each measurement.
        var turnsInAll = (planned.Measurements.Count * Math.Max(planned.Suite.Settings.Rounds, 1) + 1) * turns.Length;
        Console.WriteLine(F(
            $"ab: {planned.Suite.Name} ({planned.Measurements.Count} measurements x {planned.Suite.Settings.Rounds} rounds) with the base build in {baseDir} and this build, in turns, into {dbPath}"));
        using (var machine = MachineWait.Take($"moebench ab --suite {planned.Suite.Name} --db {dbPath}", "", cancellation))
        {
            if (machine is null)
            {
                Console.Error.WriteLine("interrupted while waiting for the machine; nothing was run");
                return ExitCodes.Interrupted;
            }

            IReadOnlyList<long> ids = [];
            try
            {
                var given = 0;
                GateCheckView.Progress(turnsInAll, "turns", report =>
                {
                    ids = TurnsConductor.Measure(
                        turns, line => report(given, "base and head in turns", line), cancellation, () => report(++given, "base and head in turns", null));
                    report(turnsInAll, "measured", null);
                });
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("interrupted: the runs begun are stored as incomplete; nothing judged");
                return ExitCodes.Interrupted;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.CaseFailures;
            }

            Console.WriteLine(F($"base run {ids[0]}, head run {ids[1]}: gating head against base"));
            return CompareCommand.Run(F($"{ids[0]}"), F($"{ids[1]}"), flags, dbPath, outDir, OutputFormat.Table);
        }
    }

    private static string[] Optional(string option, string? value) => value is null ? [] : [option, value];

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.CommandLine;
using System.Globalization;
using MoeBench.Core;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary><c>moebench devices</c>: every backend's devices, unavailable ones with the reason, and measured roofs.</summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "List devices, their identity and roofs (peak FLOP/s, bandwidth)");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("id", "status", "device", "peak fp32", "bandwidth");
            var notes = new List<string>();
            foreach (var entry in Backends.Registry().Discover())
            {
                if (!entry.IsAvailable)
                {
                    table.AddRow(entry.Id, "[red]unavailable[/]", Markup.Escape(entry.UnavailableReason ?? ""), "", "");
                    continue;
                }

                using var device = entry.Open!();
                var info = device.Info;
                table.AddRow(
                    entry.Id, $"[green]{info.Kind.ToName()}[/]", Markup.Escape($"{info.Model}, {info.Cores} cores, {string.Join(' ', info.Isa)}; {info.Details}"),
                    string.Create(CultureInfo.InvariantCulture, $"{info.PeakFlopsF32 / 1e9:F0} GFLOP/s"),
                    string.Create(CultureInfo.InvariantCulture, $"{info.BandwidthBytesPerSecond / 1e9:F1} GB/s"));
                notes.Add($"{entry.Id}: roofs {info.RoofSource}");
            }

            AnsiConsole.Write(table);
            foreach (var note in notes)
            {
                AnsiConsole.WriteLine(note);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

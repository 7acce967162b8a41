using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using ScottPlot;

namespace MoeBench.Reporting.Charts;

/// <summary>How achieved points of a <see cref="RooflineChart"/> are coloured and marked.</summary>
public enum RooflineGrouping
{
    /// <summary>Kernel vs layer.</summary>
    Level,

    /// <summary>One group per kernel op (<c>gemm</c>, <c>grouped_gemm</c>, …); layers form one group.</summary>
    Op,
}

/// <summary>
/// The roofline model (Williams, Waterman and Patterson, CACM 2009) of one device, log-log: the compute roof at
/// peak fp32 FLOP/s, the memory roof at bandwidth × arithmetic intensity, the ridge point where they meet, and
/// every ok result of the device as an achieved point; each cache tier the device measured is a memory roof of its
/// own, labelled, as hot cases are held to the tier their working set fits in. A point's vertical gap to the roof above it is the
/// headroom; the side of the ridge it sits on says which resource bounds it. A device with integer dot products
/// above its fp32 peak (int8/int4 experts on AVX-512BW) gets that roof too, dotted, with the memory roof carried
/// up to its ridge: int8/int4 points are held to it.
/// </summary>
public static class RooflineChart
{
    private static readonly MarkerShape[] Shapes =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.Cross,
    ];

    public static ChartImage Render(DeviceInfo device, IReadOnlyList<CaseResult> results, RooflineGrouping grouping = RooflineGrouping.Op)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(results);
        var points = results
            .Where(r => r.Status == ResultStatus.Ok && r.Device.Id == device.Id && r.Metrics is { Gflops: > 0 }
                        && double.IsFinite(r.Cost.ArithmeticIntensity) && r.Cost.ArithmeticIntensity > 0)
            .ToList();
        var peakG = device.PeakFlopsF32 / 1e9;
        var bwG = device.BandwidthBytesPerSecond / 1e9;
        var ridge = device.PeakFlopsF32 / device.BandwidthBytesPerSecond;

        var source = points.Any(p => p.Provenance != Provenance.Measured) ? "modeled" : "measured";
        // A pure data-movement op (permute) has no intensity to place it by: said in the title, so it is not silently missing.
        var noFlops = results.Where(r => r.Status == ResultStatus.Ok && r.Device.Id == device.Id && r.Cost.Flops <= 0)
            .Select(r => r.Case.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var leftOut = noFlops.Count > 0 ? $"\nnot drawn, no FLOPs: {string.Join(", ", noFlops)}" : "";
        var title = $"Roofline: {device.Id} ({device.Model})\nroofs: {device.RoofSource}; points: {source} ok results{leftOut}";
        var plot = ChartStyle.NewPlot(title, "arithmetic intensity (FLOP/byte, log scale)", "GFLOP/s (log scale)");

        var tiers = MemoryRoofs(device);
        var (xLo, xHi) = LogAxis.DecadeRange(points.Select(p => p.Cost.ArithmeticIntensity).Append(ridge / 8).Append(ridge * 8)
            .Concat(tiers.Select(t => device.PeakFlopsF32 / t.BandwidthBytesPerSecond / 2)));
        var integerG = device.HasIntegerRoof && device.PeakFlopsInteger > device.PeakFlopsF32 ? device.PeakFlopsInteger / 1e9 : double.NaN;
        var (yLo, yHi) = LogAxis.DecadeRange(points.Select(p => p.Metrics!.Gflops).Append(peakG * 1.5).Append(bwG * Math.Pow(10, xLo))
            .Concat(double.IsNaN(integerG) ? [] : [integerG * 1.5]));
        var logRidge = Math.Log10(ridge);
        var logPeak = Math.Log10(peakG);

        // Memory roofs: log10(GFLOP/s) = log10(GB/s) + log10(AI), straight lines of slope 1 in log-log space, each up to
        // its own ridge. Main memory (what cold cases are held to) in black; each cache tier a hot case can be held to
        // in grey, so a hot point sits under the roof that judged it.
        for (var i = 0; i < tiers.Count; i++)
        {
            var tierG = tiers[i].BandwidthBytesPerSecond / 1e9;
            var tierRidge = logPeak - Math.Log10(tierG);
            var line = plot.Add.ScatterLine(new[] { xLo, tierRidge }, new[] { Math.Log10(tierG) + xLo, logPeak }, i == 0 ? Colors.Black : Colors.Gray);
            line.LineWidth = i == 0 ? 2.5f : 1.5f;
            line.LinePattern = i == 0 ? LinePattern.Dashed : LinePattern.DenselyDashed;
            line.LegendText = $"{tiers[i].Name} roof {TimeUnit.Significant(tierG)} GB/s";
        }

        var compute = plot.Add.ScatterLine(new[] { logRidge, xHi }, new[] { logPeak, logPeak }, Colors.Black);
        compute.LineWidth = 2.5f;
        compute.LegendText = $"compute roof {TimeUnit.Significant(peakG)} GFLOP/s";
        var ridgeMarker = plot.Add.Marker(logRidge, logPeak, MarkerShape.OpenCircle, 14, Colors.Black);
        ridgeMarker.LegendText = $"ridge {TimeUnit.Significant(ridge)} FLOP/byte";
        if (!double.IsNaN(integerG))
        {
            var logInteger = Math.Log10(integerG);
            var logIntegerRidge = logInteger - Math.Log10(bwG);
            var integer = plot.Add.ScatterLine(new[] { logRidge, logIntegerRidge, xHi }, new[] { logPeak, logInteger, logInteger }, Colors.Black);
            integer.LineWidth = 2f;
            integer.LinePattern = LinePattern.Dotted;
            integer.LegendText = $"integer dot-product roof {TimeUnit.Significant(integerG)} GFLOP/s";
        }

        var groups = points.GroupBy(p => GroupOf(p.Case, grouping)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i].ToList();
            var markers = plot.Add.Markers(
                g.Select(p => Math.Log10(p.Cost.ArithmeticIntensity)).ToArray(),
                g.Select(p => Math.Log10(p.Metrics!.Gflops)).ToArray(),
                Shapes[i % Shapes.Length], 11, ChartStyle.SeriesColor(i));
            markers.LegendText = $"{groups[i].Key} ({g.Count})";
        }

        if (points.Count == 0)
        {
            plot.Add.Annotation("no ok results on this device", Alignment.LowerRight);
        }

        LogAxis.Apply(plot.Axes.Bottom);
        LogAxis.Apply(plot.Axes.Left);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        plot.Axes.SetLimits(xLo, xHi, yLo, yHi);
        ChartStyle.LegendOutside(plot);
        return ChartStyle.Render(plot, $"roofline-{ChartStyle.Slug(device.Id)}", $"Roofline: {device.Id} ({device.Model})");
    }

    /// <summary>
    /// The memory roofs the chart draws, main memory first: every tier of the device with a measured bandwidth — the
    /// roofs results were held to (<see cref="MemoryTierChoice"/>). A cache tier slower than main memory is left out:
    /// no result is held to it.
    /// </summary>
    public static IReadOnlyList<MemoryTier> MemoryRoofs(DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var usable = device.MemoryTiers.Where(t => double.IsFinite(t.BandwidthBytesPerSecond) && t.BandwidthBytesPerSecond > 0).ToList();
        return usable.Count == 0 ? [] : [usable[0], .. usable.Skip(1).Where(t => t.BandwidthBytesPerSecond > usable[0].BandwidthBytesPerSecond)];
    }

    private static string GroupOf(CaseSpec spec, RooflineGrouping grouping) => (grouping, spec.Level) switch
    {
        (RooflineGrouping.Op, CaseLevel.Kernel) => spec.Name,
        _ => spec.Level.ToName(),
    };
}

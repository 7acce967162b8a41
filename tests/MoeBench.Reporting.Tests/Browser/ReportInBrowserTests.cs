using System.Globalization;
using Microsoft.Playwright;
using MoeBench.Reporting.Html;
using MoeBench.Reporting.Tests.Charts;
using Xunit.Abstractions;

namespace MoeBench.Reporting.Tests.Browser;

/// <summary>
/// Opens a written report in a real headless Chromium (Debian's, driven by Playwright's bundled Node driver; no
/// browser download) and checks what a reader sees: every image decoded, the sections there, the table complete
/// and sortable by number, no script errors. Leaves a full-page screenshot in the test output.
/// </summary>
public sealed class ReportInBrowserTests(ITestOutputHelper output)
{
    /// <summary>The flags this machine's probe needed: no sandbox as root, no GPU, and no background connections
    /// (the network is closed, and Chromium's update/sync/QUIC traffic only produces refused-connection noise).</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task Report_in_headless_chromium_loads_every_image_and_sorts_numerically()
    {
        if (Environment.GetEnvironmentVariable("MOEBENCH_SKIP_BROWSER") == "1")
        {
            Say("SKIPPED: browser test (MOEBENCH_SKIP_BROWSER=1)");
            return;
        }

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium),
            $"Chromium not found at {chromium}. Install Debian's: apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core " +
            "(run-tests.sh does this when run as root; CI does), or point CHROMIUM_PATH at a Chromium binary. MOEBENCH_SKIP_BROWSER=1 skips this test.");

        var model = SyntheticResults.Model();
        var dir = Path.Combine(Path.GetTempPath(), "moebench-browser-" + Guid.NewGuid().ToString("N"));
        var files = ReportWriter.Write(model, dir);
        Say($"report: {files.IndexHtml}");
        try
        {
            await CheckInBrowser(chromium, files, model.Results.Count);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("MOEBENCH_KEEP_REPORT") != "1")
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private async Task CheckInBrowser(string chromium, ReportFiles files, int resultCount)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, msg) => { if (msg.Type == "error") errors.Add("console: " + msg.Text); };
        page.PageError += (_, error) => errors.Add("page: " + error);

        await page.GotoAsync(new Uri(files.IndexHtml).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });

        // Every chart decoded: a broken data: URL or truncated base64 leaves naturalWidth at 0.
        var widths = await page.EvalOnSelectorAllAsync<int[]>("img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)");
        Assert.Equal(files.ChartFiles.Count / 2, widths.Length);
        Assert.All(widths, w => Assert.True(w > 0, "an image did not load"));

        var headings = await page.Locator("h2").AllTextContentsAsync();
        Assert.Equal(["Summary", "Devices", "Vendor comparison", "Roofline", "Expert load", "Layer phases", "Scenario and modeled metrics", "History", "Serving", "Peers", "Comparison", "Results"], headings);
        Assert.Equal(resultCount, await page.Locator("#results-table tbody tr").CountAsync());
        Assert.Equal(1, await page.Locator("#results-table tbody tr.failed").CountAsync());

        // Median column (6th): ascending, then descending, by number, empty (failed) cells last both ways.
        var median = page.Locator("#results-table thead th").Nth(5);
        Assert.Equal("median", await median.TextContentAsync());
        await median.ClickAsync();
        var ascending = await ColumnValues(page, 6);
        Assert.Equal("ascending", await median.GetAttributeAsync("aria-sort"));
        AssertSorted(ascending, descending: false);
        await median.ClickAsync();
        AssertSorted(await ColumnValues(page, 6), descending: true);

        var shot = Path.Combine(AppContext.BaseDirectory, "browser-report", "report-screenshot.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await median.ClickAsync();
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Say($"screenshot: {shot}");

        Assert.True(errors.Count == 0, "browser errors:\n" + string.Join('\n', errors));
    }

    private static async Task<string[]> ColumnValues(IPage page, int column) =>
        await page.EvalOnSelectorAllAsync<string[]>($"#results-table tbody tr td:nth-child({column})", "tds => tds.map(td => td.dataset.value)");

    private static void AssertSorted(string[] values, bool descending)
    {
        var present = values.TakeWhile(v => v.Length > 0).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.All(values.Skip(present.Count), v => Assert.Equal("", v));
        Assert.True(values.Length - present.Count == 1, "the failed result (no median) sorts last");
        var expected = descending ? present.OrderDescending() : present.Order();
        Assert.Equal(expected, present);
        // The data makes a text sort differ from a numeric one ("9500" vs "1150000"), so this proves numeric order.
        var asText = descending ? present.Select(Key).OrderDescending(StringComparer.Ordinal) : present.Select(Key).Order(StringComparer.Ordinal);
        Assert.NotEqual(asText, present.Select(Key));
    }

    private static string Key(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private void Say(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}

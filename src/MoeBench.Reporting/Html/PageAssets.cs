namespace MoeBench.Reporting.Html;

/// <summary>
/// The page's only style and script, inlined: the report is one file that opens from a CI artifact, an e-mail
/// or a file:// URL with no network, so nothing may be fetched.
/// </summary>
internal static class PageAssets
{
    public const string Css = """
        :root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg2: #f6f8fa; }
        body { font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--fg); margin: 0 auto; padding: 0 24px 48px; max-width: 1280px; }
        header { border-bottom: 1px solid var(--line); margin-bottom: 8px; }
        h1 { font-size: 26px; margin: 20px 0 8px; }
        h2 { font-size: 21px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        dl.run { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; }
        dl.run dt { color: var(--muted); } dl.run dd { margin: 0; overflow-wrap: anywhere; }
        p.warning { background: #fff4e5; border-left: 4px solid #d9822b; padding: 6px 10px; }
        nav a { margin-right: 14px; }
        .counts { display: flex; flex-wrap: wrap; gap: 10px; padding: 0; list-style: none; }
        .counts li { background: var(--bg2); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
        .counts b { font-size: 18px; margin-right: 4px; }
        .intro, .note { color: var(--muted); max-width: 75em; }
        figure { margin: 12px 0 24px; }
        figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
        figcaption { color: var(--muted); font-size: 13px; }
        table { border-collapse: collapse; font-size: 13px; width: 100%; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: var(--bg2); position: sticky; top: 0; cursor: pointer; user-select: none; white-space: nowrap; }
        th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.label { max-width: 34em; overflow-wrap: anywhere; } td.nw { white-space: nowrap; }
        tr.failed td { background: #fff0f0; } .reason { color: #a40e26; font-size: 12px; margin-top: 2px; }
        tr.roof-exceeded td { background: #fff8e0; } p.roof-exceeded { color: #8a5a00; font-weight: 600; }
        td.failed, .verdict-regressed td.verdict { color: #a40e26; font-weight: 600; }
        .verdict-improved td.verdict { color: #116329; font-weight: 600; } .verdict-noisy td.verdict { color: #9a6700; }
        td.prov-modeled, td.prov-simulated { font-style: italic; color: #8250df; }
        details { margin: 8px 0; } code { font-size: 12px; }
        """;

    /// <summary>
    /// Click (or Enter on) a header to sort by it; again to reverse. Numeric columns compare <c>data-value</c> as
    /// numbers and put empty cells last either way; text columns compare naturally ("e8" before "e16").
    /// </summary>
    public const string SortScript = """
        document.querySelectorAll("table.sortable").forEach(table => {
          const heads = Array.from(table.tHead.rows[0].cells);
          heads.forEach((th, col) => {
            const sort = () => {
              const numeric = th.dataset.type === "num";
              const asc = th.getAttribute("aria-sort") !== "ascending";
              heads.forEach(h => h.removeAttribute("aria-sort"));
              th.setAttribute("aria-sort", asc ? "ascending" : "descending");
              const body = table.tBodies[0];
              const key = row => { const c = row.cells[col]; return c.dataset.value ?? c.textContent.trim(); };
              const rows = Array.from(body.rows);
              rows.sort((a, b) => {
                const x = key(a), y = key(b);
                if (numeric) {
                  const nx = x === "" ? NaN : Number(x), ny = y === "" ? NaN : Number(y);
                  if (isNaN(nx) || isNaN(ny)) return isNaN(nx) - isNaN(ny);
                  return asc ? nx - ny : ny - nx;
                }
                const r = x.localeCompare(y, "en", { numeric: true });
                return asc ? r : -r;
              });
              rows.forEach(r => body.appendChild(r));
            };
            th.addEventListener("click", sort);
            th.addEventListener("keydown", e => { if (e.key === "Enter") sort(); });
          });
        });
        """;
}

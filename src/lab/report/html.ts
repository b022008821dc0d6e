/**
 * The report page: one self-contained HTML file (inline SVG charts, inline CSS, no scripts,
 * no external URLs), so it opens offline and can be mailed or archived as one file. Nothing
 * in it depends on when it was made: the same data gives the same bytes.
 */

/** A table shown on the page; cells are plain text (escaped here). */
export interface HtmlTable {
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns (by index) that hold numbers, right-aligned. */
  readonly numeric?: readonly number[];
}

/** A rendered chart placed on the page. */
export interface HtmlChart {
  readonly name: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

/** What the page shows, top to bottom. */
export interface ReportPage {
  readonly title: string;
  /** A warning shown in a box above everything else (a partial run's: what it covers), or none. */
  readonly banner?: string;
  /** Short lines under the title (folder, ids, warnings). */
  readonly lines: readonly string[];
  readonly tables: readonly HtmlTable[];
  readonly charts: readonly HtmlChart[];
}

const STYLE = `
body { font-family: "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; }
p.meta { color: #555; margin: 0.2em 0; font-size: 0.9em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.25em 0.7em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9em; margin-top: 0.4em; }
nav a { margin-right: 1em; }
div.banner { border: 2px solid #b45309; background: #fef3c7; color: #7c2d12; padding: 0.7em 1em; margin: 1em 0; font-weight: bold; }
`;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The whole page as a string. */
export function reportHtml(page: ReportPage): string {
  const parts = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(page.title)}</h1>`,
    page.banner !== undefined ? `<div class="banner" role="alert">${escapeHtml(page.banner)}</div>` : "",
    ...page.lines.map((line) => `<p class="meta">${escapeHtml(line)}</p>`),
    page.charts.length > 0 ? `<nav>${page.charts.map((c) => `<a href="#${c.name}">${escapeHtml(c.title)}</a>`).join("")}</nav>` : "",
    "<h2>Summary</h2>",
    ...page.tables.map(tableHtml),
    ...page.charts.map(chartHtml),
    "</body>",
    "</html>",
    "",
  ];
  return parts.filter((p) => p !== "").join("\n");
}

function tableHtml(table: HtmlTable): string {
  const numeric = new Set(table.numeric ?? []);
  const head = `<tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.map((cell, i) => `<td${numeric.has(i) ? ' class="num"' : ""}>${escapeHtml(cell)}</td>`).join("")}</tr>`);
  return [`<table>`, `<caption>${escapeHtml(table.caption)}</caption>`, head, ...body, `</table>`].join("\n");
}

function chartHtml(chart: HtmlChart): string {
  // Vega's SVG opens with an XML-style root that is valid inline in HTML5; it is inserted unchanged.
  return [
    `<h2 id="${chart.name}">${escapeHtml(chart.title)}</h2>`,
    `<figure>`,
    chart.svg,
    `<figcaption>${escapeHtml(chart.caption)} <a href="${chart.name}.svg">SVG</a> · <a href="${chart.name}.png">PNG</a></figcaption>`,
    `</figure>`,
  ].join("\n");
}

/** A number for a table: fixed decimals, thousands separated, "–" for missing; locale-independent. */
export function formatNumber(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = value < 0 && Number(fixed) !== 0 ? "−" : "";
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ""}`;
}

import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { REPORT_FONT } from "./chart.js";

/** A chart rendered without a browser. */
export interface RenderedChart {
  readonly svg: string;
  readonly png: Uint8Array;
}

/**
 * Compiles a Vega-Lite spec and renders it headless: Vega's SVG renderer for the SVG, resvg
 * for the PNG. `idPrefix` renames the SVG's internal ids (clip paths, gradients) so that
 * several charts can be inlined in one page without their ids colliding.
 */
export async function renderChart(spec: TopLevelSpec, idPrefix: string): Promise<RenderedChart> {
  // Vega-Lite warnings (e.g. a dropped sort) are the report author's business, not the CLI user's.
  const compiled = vl.compile(spec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.None });
  const svg = renumberSvgIds(await view.toSVG(), idPrefix);
  view.finalize();
  const png = new Resvg(svg, { font: { defaultFontFamily: REPORT_FONT, loadSystemFonts: true }, background: "white" }).render().asPng();
  return { svg, png: new Uint8Array(png) };
}

/**
 * Renames every `id` in `svg`, and the references to it, to `<prefix>-<n>` in order of
 * appearance. Vega numbers clip paths with a process-wide counter (`clip7` on the fourth
 * chart rendered), so without this the same data would give different files depending on
 * what was rendered before it.
 */
export function renumberSvgIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1]!;
    if (!ids.has(id)) ids.set(id, `${prefix}-${ids.size + 1}`);
  }
  if (ids.size === 0) return svg;
  const rename = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_m, head: string, id: string) => `${head}${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${rename(id)})`)
    .replace(/(href=")#([^"]+)"/g, (_m, head: string, id: string) => `${head}#${rename(id)}"`);
}

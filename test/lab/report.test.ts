import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { buildReport } from "../../src/lab/report/build-report.js";
import { readExperimentData } from "../../src/lab/report/experiment-data.js";
import { pointViability, viabilityCells } from "../../src/lab/report/experiment-series.js";
import { experimentCharts } from "../../src/lab/report/report-experiment.js";
import { renumberSvgIds } from "../../src/lab/report/render.js";
import { runScenario } from "../../src/lab/run-scenario.js";
import type { StepBody } from "../../src/sim/log/step-record.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-report-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHROMIUM = "/usr/bin/chromium";
/** CI installs Chromium (.ci/run), so there a missing browser is a failure, not a skip; elsewhere the browser test needs it installed. */
const BROWSER_TEST = existsSync(CHROMIUM) || process.env["CI"] === "true";

/**
 * A small XML well-formedness check: every tag closes in order, attributes are quoted, and no
 * stray `<` is left in text. Enough for machine-written SVG (no comments, CDATA or doctype).
 */
function wellFormedXml(text: string): { ok: true } | { ok: false; reason: string } {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+="[^"]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  let last = 0;
  for (const m of text.matchAll(tag)) {
    const between = text.slice(last, m.index);
    if (between.includes("<") || between.includes(">")) return { ok: false, reason: `stray markup before offset ${m.index}: ${between.slice(0, 60)}` };
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) return { ok: false, reason: `</${name}> closes <${open}> at offset ${m.index}` };
    } else if (!selfClosing) stack.push(name!);
  }
  if (text.slice(last).trim() !== "") return { ok: false, reason: "text after the root element" };
  return stack.length === 0 ? { ok: true } : { ok: false, reason: `unclosed <${stack.join("> <")}>` };
}

/** Marks Vega drew of one kind (its SVG tags every item with an aria-roledescription). */
const marks = (svg: string, kind: string) => svg.split(`aria-roledescription="${kind}"`).length - 1;

function checkChartFiles(reportDir: string, charts: readonly string[]): void {
  for (const name of charts) {
    const svg = readFileSync(join(reportDir, `${name}.svg`), "utf8");
    expect(svg.startsWith("<svg"), name).toBe(true);
    expect(wellFormedXml(svg), name).toEqual({ ok: true });
    expect(svg.split('role="graphics-symbol"').length - 1, name).toBeGreaterThan(0);
    const png = readFileSync(join(reportDir, `${name}.png`));
    expect([...png.subarray(0, 8)], name).toEqual(PNG_SIGNATURE);
    expect(png.length, name).toBeGreaterThan(1000);
  }
}

function checkSelfContained(html: string, reportDir: string, charts: readonly string[]): void {
  for (const name of charts) expect(html, name).toContain(readFileSync(join(reportDir, `${name}.svg`), "utf8"));
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<link/i);
  expect(html).not.toMatch(/\bsrc\s*=/i);
  expect(html).not.toMatch(/(?:href|src)\s*=\s*"(?:https?:)?\/\//i);
  expect(html).not.toMatch(/url\((?!#)/i);
  expect(html).not.toMatch(/@import/i);
  // The only absolute URLs left are SVG namespace names, which are never fetched.
  const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
  expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]));
}

function chromiumDom(file: string): string {
  const profile = mkdtempSync(join(tmpdir(), "sesame-chromium-"));
  try {
    return execFileSync(
      CHROMIUM,
      ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--dump-dom", pathToFileURL(file).href],
      { encoding: "utf8", timeout: 600_000, stdio: ["ignore", "pipe", "ignore"] },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

describe("report of a run folder (microgrids, stackelberg, 48 steps)", () => {
  const runDir = join(tmp, "run");
  let steps: StepBody[];
  let report: Awaited<ReturnType<typeof buildReport>>;

  beforeAll(async () => {
    await runScenario({ scenario: "microgrids", rental: "stackelberg", steps: 48, baselines: false, out: runDir });
    steps = readFileSync(join(runDir, "steps.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as StepBody);
    report = await buildReport(runDir);
  });

  it("writes index.html and an SVG and a PNG per chart into <run>/report", () => {
    expect(report.kind).toBe("run");
    expect(report.dir).toBe(join(runDir, "report"));
    expect(report.charts).toEqual(["energy-prices", "soc", "costs", "stackelberg", "rental-prices"]);
    expect(existsSync(join(runDir, "report", "index.html"))).toBe(true);
    checkChartFiles(report.dir, report.charts);
  });

  it("draws one mark per logged datum", () => {
    const svg = (name: string) => readFileSync(join(report.dir, `${name}.svg`), "utf8");
    const peerSteps = steps.filter((s) => Object.keys(s.clearing.prices).length > 0).length;
    const tenants = new Set(steps.flatMap((s) => s.dispatch.flows.map((f) => f.tenant))).size;
    const rounds = steps.filter((s) => s.rental).map((s) => s.rental!);
    const queries = rounds.reduce((n, r) => n + r.iterations.length, 0);
    const agents = Object.keys(JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).agents).length;
    expect(marks(svg("energy-prices"), "circle")).toBe(peerSteps);
    expect(marks(svg("energy-prices"), "line mark")).toBe(2); // grid buy and grid sell
    expect(marks(svg("soc"), "line mark")).toBe(tenants);
    expect(marks(svg("costs"), "tick")).toBe(agents);
    expect(marks(svg("costs"), "bar")).toBeGreaterThanOrEqual(agents * 4);
    expect(marks(svg("stackelberg"), "circle")).toBe(queries);
    expect(marks(svg("stackelberg"), "point")).toBe(rounds.length); // the chosen query of each round
    expect(marks(svg("rental-prices"), "point")).toBe(2 * rounds.length); // cE and cP per period
  });

  it("writes a self-contained page with every chart inline, a summary table and captions", () => {
    const html = readFileSync(report.index, "utf8");
    checkSelfContained(html, report.dir, report.charts);
    expect(html).toContain("<title>SESAME run report: ");
    expect(html).toMatch(/<caption>Run<\/caption>/);
    expect(html).toMatch(/<td>provider profit \(CNY\)<\/td><td class="num">[−\d,.]+<\/td>/);
    expect(html.match(/<figcaption>/g)).toHaveLength(report.charts.length);
    // Clip-path ids are unique across the inlined charts.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is deterministic: the same run gives byte-identical files", async () => {
    const again = await buildReport(runDir, join(tmp, "run-report-again"));
    for (const file of ["index.html", ...report.charts.flatMap((c) => [`${c}.svg`, `${c}.png`])]) {
      expect(readFileSync(join(again.dir, file)).equals(readFileSync(join(report.dir, file))), file).toBe(true);
    }
  });

  it.skipIf(!BROWSER_TEST)("opens in a headless browser with every chart in the DOM", () => {
    const dom = chromiumDom(report.index);
    expect(dom.match(/<svg[\s>]/g)?.length).toBe(report.charts.length);
    for (const name of report.charts) expect(dom).toContain(`id="${name}"`);
  });
});

/** A hand-made experiment table: 2 mechanisms × 2 capex values × 2 spreads × 3 replicates. */
function writeExperiment(dir: string, sweptNumeric = true): void {
  mkdirSync(dir, { recursive: true });
  const grid: Record<string, unknown[]> = { "market.rental.mechanism": ["posted", "stackelberg"] };
  if (sweptNumeric) Object.assign(grid, { "storage.economics.capexPerKWh": [600, 1200], "tariff.spread": [0.1, 0.2] });
  writeFileSync(join(dir, "experiment.json"), JSON.stringify({ name: "hand-made", experimentId: "abc123", sweep: { grid } }));
  const swept = Object.keys(grid);
  const columns = [
    ...["runId", "pointId", "replicate", "seed", "status"].map((name) => ({ name, type: name === "replicate" ? "number" : "string" })),
    ...swept.map((name) => ({ name, type: name === "market.rental.mechanism" ? "string" : "number" })),
    { name: "systemCost", type: "number" },
    { name: "efficiency", type: "number" },
    { name: "providerProfit", type: "number" },
    { name: "viableForUsers", type: "boolean" },
    { name: "viableForProvider", type: "boolean" },
    { name: "viable", type: "boolean" },
  ];
  const rows: Record<string, unknown>[] = [];
  let point = 0;
  for (const mechanism of grid["market.rental.mechanism"]!) {
    for (const capex of sweptNumeric ? [600, 1200] : [null]) {
      for (const spread of sweptNumeric ? [0.1, 0.2] : [null]) {
        const pointId = `p${String(point++).padStart(12, "0")}`;
        for (let r = 0; r < 3; r++) {
          const profit = (mechanism === "stackelberg" ? 400 : 100) - (capex ?? 900) * 0.3 + (spread ?? 0.15) * 1000 + (r - 1) * 40;
          // Users gain unless storage is dear, where only the last replicate does: the two sides then disagree.
          const forUsers = (capex ?? 900) < 1000 || r === 2;
          rows.push({
            runId: `${pointId}-r${r}`,
            pointId,
            replicate: r,
            seed: `seed${r}`,
            status: "complete",
            "market.rental.mechanism": mechanism,
            ...(sweptNumeric ? { "storage.economics.capexPerKWh": capex, "tariff.spread": spread } : {}),
            systemCost: 5000 - profit / 2 + r * 10,
            efficiency: 0.5 + profit / 2000,
            providerProfit: profit,
            viableForUsers: forUsers,
            viableForProvider: profit > 0,
            viable: forUsers && profit > 0,
          });
        }
      }
    }
  }
  writeFileSync(join(dir, "results.json"), JSON.stringify({ columns, rows }));
}

describe("report of an experiment folder", () => {
  const dir = join(tmp, "experiment");
  let report: Awaited<ReturnType<typeof buildReport>>;
  beforeAll(async () => {
    writeExperiment(dir);
    report = await buildReport(dir);
  });

  it("compares mechanisms with 95 % intervals and maps viability over two swept axes, by mechanism", () => {
    expect(report.kind).toBe("experiment");
    expect(report.charts).toEqual(["comparison", "viability"]);
    checkChartFiles(report.dir, report.charts);
    const comparison = readFileSync(join(report.dir, "comparison.svg"), "utf8");
    expect(marks(comparison, "circle")).toBe(2 * 3); // 2 mechanisms × 3 metrics
    expect(marks(comparison, "rule mark")).toBe(2 * 3); // the intervals
    expect(marks(comparison, "tick")).toBe(2 * 2 * 3); // their low and high caps
    const viability = readFileSync(join(report.dir, "viability.svg"), "utf8");
    expect(marks(viability, "rect mark")).toBe(3 * 2 * 2 * 2); // verdict rows × mechanism columns × capex × spread
    expect(viability).toContain("stackelberg");
    for (const verdict of ["for users", "for the provider", "both"]) expect(viability).toContain(`>${verdict}<`);
    expect(viability).toContain("100% (3/3)");
    expect(viability).toContain("33% (1/3)"); // users at capex 1200: only the last replicate
  });

  it("shows replicate statistics per mechanism in the summary table", () => {
    const html = readFileSync(report.index, "utf8");
    checkSelfContained(html, report.dir, report.charts);
    expect(html).toContain("<title>SESAME experiment report: hand-made</title>");
    expect(html).toMatch(/<tr><td>posted<\/td><td class="num">12<\/td>/);
    expect(html).toMatch(/<tr><td>stackelberg<\/td><td class="num">12<\/td>/);
  });

  it("falls back to a bar per point when fewer than two numeric axes are swept", () => {
    const small = join(tmp, "experiment-mechanism-only");
    writeExperiment(small, false);
    const charts = experimentCharts(readExperimentData(small));
    expect(charts.map((c) => c.name)).toEqual(["comparison", "viability"]);
    expect(charts[1]!.title).toBe("Viable share per point");
    expect(JSON.stringify(charts[1]!.spec)).toContain('"mark":{"type":"bar"}');
    const bars = pointViability(readExperimentData(small));
    expect(bars.map((b) => `${b.verdict}|${b.point}`)).toEqual(
      ["for users", "for the provider", "both"].flatMap((v) => ["posted", "stackelberg"].map((p) => `${v}|${p}`)),
    );
  });

  it("counts each verdict over the runs that have one, and shows only the verdicts the table has", () => {
    const row = (users: unknown, provider: unknown, viable: unknown) => ({ a: 1, b: 2, viableForUsers: users, viableForProvider: provider, viable });
    const data = { dir: tmp, name: null, experimentId: null, swept: ["a", "b"], rows: [row(true, true, true), row(true, false, false), row(null, true, null), row(false, null, null)] };
    const share = (cells: ReturnType<typeof viabilityCells>) => cells.map((c) => `${c.verdict}: ${c.viable}/${c.n}`);
    expect(share(viabilityCells(data, "a", "b"))).toEqual(["for users: 2/3", "for the provider: 2/3", "both: 1/2"]);
    const onlyViable = { ...data, rows: data.rows.map(({ a, b, viable }) => ({ a, b, viable })) };
    expect(share(viabilityCells(onlyViable, "a", "b"))).toEqual(["both: 1/2"]);
  });

  it.skipIf(!BROWSER_TEST)("opens in a headless browser with every chart in the DOM", () => {
    const dom = chromiumDom(report.index);
    expect(dom.match(/<svg[\s>]/g)?.length).toBe(report.charts.length);
  });
});

describe("report input", () => {
  it("refuses a folder that is neither a run nor an experiment, naming it", async () => {
    const empty = join(tmp, "nothing-here");
    mkdirSync(empty);
    await expect(buildReport(empty)).rejects.toThrow(InputError);
    await expect(buildReport(empty)).rejects.toThrow(/nothing-here/);
  });

  it("renumbers SVG ids by order of appearance so that output does not depend on earlier renders", () => {
    const svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><use href="#clip7"/></svg>';
    expect(renumberSvgIds(svg, "soc")).toBe('<svg><clipPath id="soc-1"><rect/></clipPath><g clip-path="url(#soc-1)"/><use href="#soc-1"/></svg>');
  });
});

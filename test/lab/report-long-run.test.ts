import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScenario } from "../../src/lab/run-scenario.js";
import { readRunData } from "../../src/lab/report/run-data.js";
import { DETAIL_DAYS, reportRun, runCharts } from "../../src/lab/report/report-run.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-report-long-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the run report of a long run", () => {
  it("draws the first days of its time series and says so; the agent table uses the no-storage baseline", async () => {
    const dir = join(tmp, "run");
    const { summary } = await runScenario({ scenario: "dcc-week", steps: 15 * 24, out: dir, baselines: true });
    const charts = runCharts(await readRunData(dir));
    const soc = charts.find((c) => c.name === "soc")!;
    expect(soc.caption).toContain(`first ${DETAIL_DAYS} of 15 days`);
    const values = (soc.spec as unknown as { data: { values: { hour: number }[] } }).data.values;
    expect(Math.max(...values.map((v) => v.hour))).toBe(DETAIL_DAYS * 24 - 1);
    const out = await reportRun(dir);
    const html = readFileSync(out.index, "utf8");
    const baseline = summary.comparison!.baselines.noStorage.perAgent["dcc"]!;
    expect(html).toContain(baseline.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  });
});
